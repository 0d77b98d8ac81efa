import * as path from 'node:path';
import type { AuthUser, HubContext, PushGuard, RepoInfo } from '../hub/types.js';
import { repoDir } from '../hub/repo-paths.js';
import { FileLockBackend } from './file-backend.js';
import { RedisLockBackend } from './redis-backend.js';
import { LockService } from './service.js';
import type { LockBackend } from './types.js';

export { LockService, publicLock, heldError } from './service.js';
export type { LockBackend, LockTarget, StoredLock } from './types.js';
export { FileLockBackend } from './file-backend.js';
export { RedisLockBackend } from './redis-backend.js';

/** The backend the environment asks for: Redis when ENABLE_REDIS_LOCKS=true, else lock files. */
export function lockBackendFromEnv(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): LockBackend {
  if (env.ENABLE_REDIS_LOCKS === 'true') {
    return new RedisLockBackend(
      env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      env.AUXIN_REDIS_PREFIX ?? 'auxin:',
    );
  }
  return new FileLockBackend(dataDir);
}

/** The lock service for a hub, with its expiry timer running and its push guard registered. */
export function createLockService(
  h: Pick<HubContext, 'config' | 'events' | 'activity' | 'metrics' | 'logger' | 'pushGuards'>,
  opts: { backend?: LockBackend; env?: NodeJS.ProcessEnv } = {},
): LockService {
  const service = new LockService({
    backend: opts.backend ?? lockBackendFromEnv(h.config.dataDir, opts.env),
    events: h.events,
    activity: h.activity,
    metrics: h.metrics,
    logger: h.logger.child({ component: 'locks' }),
    waitersFile: path.join(h.config.dataDir, '.hub', 'lock-waiters.json'),
    brokenFile: path.join(h.config.dataDir, '.hub', 'lock-broken.json'),
  }).start();
  h.pushGuards.push(lockPushGuard(service));
  h.events.subscribe((e) => {
    if (e.type !== 'repo.deleted' || !e.namespace || !e.name) return;
    const t = {
      namespace: e.namespace,
      name: e.name,
      path: repoDir(h.config.dataDir, e.namespace, e.name),
    };
    service.forget(t).catch((err: unknown) => h.logger.warn({ err }, 'could not drop the lock'));
  });
  return service;
}

/**
 * Refuse a push (423 LOCK_HELD, naming the holder) from anyone but the lock's holder, and one
 * (423 LOCK_BROKEN) from a holder whose lock was force-released and who has not locked again.
 */
export function lockPushGuard(service: LockService): PushGuard {
  return async (
    repo: RepoInfo,
    user: AuthUser,
    _branch: string,
    machineId?: string,
    lockId?: string,
  ) => {
    await service.checkPush(repo, user.username, machineId, lockId);
  };
}
