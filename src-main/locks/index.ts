import * as path from 'node:path';
import type { Logger } from 'pino';
import type {
  ActivityService,
  AuthUser,
  EventBus,
  Metrics,
  PushGuard,
  RepoInfo,
} from '../core/types.js';
import { FileLockBackend } from './file-backend.js';
import { RedisLockBackend } from './redis-backend.js';
import { LockService } from './service.js';
import type { LockBackend } from './types.js';

export { LockService, publicLock, heldError } from './service.js';
export type { LockBackend, LockTarget, StoredLock } from './types.js';
export { FileLockBackend } from './file-backend.js';
export { RedisLockBackend } from './redis-backend.js';

/** The backend a hub's configuration names: Redis shared by several hubs, or lock files. */
export function lockBackendFor(
  settings: { backend: 'file' | 'redis'; redisUrl: string; redisPrefix: string },
  dataDir: string,
): LockBackend {
  if (settings.backend === 'redis') {
    return new RedisLockBackend(settings.redisUrl, settings.redisPrefix);
  }
  return new FileLockBackend(dataDir);
}

/** What the lock service needs from the hub that runs it. */
export interface LockServiceDeps {
  dataDir: string;
  events: EventBus;
  activity: ActivityService;
  metrics: Metrics;
  logger: Logger;
  pushGuards: PushGuard[];
  /** A repository's folder (its lock files live in `<folder>/locks/`), from the hub's names. */
  repoPath(namespace: string, name: string): string;
}

/** The lock service for a hub, with its expiry timer running and its push guard registered. */
export function createLockService(
  h: LockServiceDeps,
  opts: { backend?: LockBackend } = {},
): LockService {
  const service = new LockService({
    backend: opts.backend ?? new FileLockBackend(h.dataDir),
    events: h.events,
    activity: h.activity,
    metrics: h.metrics,
    logger: h.logger.child({ component: 'locks' }),
    waitersFile: path.join(h.dataDir, '.hub', 'lock-waiters.json'),
  }).start();
  h.pushGuards.push(lockPushGuard(service));
  h.events.subscribe((e) => {
    if (e.type !== 'repo.deleted' || !e.namespace || !e.name) return;
    const t = {
      namespace: e.namespace,
      name: e.name,
      path: h.repoPath(e.namespace, e.name),
    };
    service.forget(t).catch((err: unknown) => h.logger.warn({ err }, 'could not drop the lock'));
  });
  return service;
}

/** Refuse a push (423 LOCK_HELD, naming the holder) from anyone but the lock's holder. */
export function lockPushGuard(service: LockService): PushGuard {
  return async (repo: RepoInfo, user: AuthUser, _branch: string, machineId?: string) => {
    await service.checkPush(repo, user.username, machineId);
  };
}
