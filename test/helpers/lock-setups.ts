import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileLockBackend } from '../../src-main/locks/file-backend.js';
import { RedisLockBackend } from '../../src-main/locks/redis-backend.js';
import type { LockBackend, LockTarget } from '../../src-main/locks/types.js';
import { redisUnavailable, startRedis, type RedisServer } from './redis.js';

/** One backend under test: how to make instances of it and where its repositories live. */
export interface BackendEnv {
  make(): LockBackend;
  target(name: string): LockTarget;
  /** Config for test/helpers/lock-worker.mjs (other OS processes on the same store). */
  worker: { kind: string; dataDir?: string; url?: string; prefix?: string };
  stop(): Promise<void>;
}

export interface BackendSetup {
  kind: 'file' | 'redis';
  skip: string | null;
  start(): Promise<BackendEnv>;
}

function fileSetup(): BackendSetup {
  return {
    kind: 'file',
    skip: null,
    async start() {
      const dataDir = mkdtempSync(join(tmpdir(), 'auxin-locks-'));
      return {
        make: () => new FileLockBackend(dataDir),
        target(name) {
          const path = join(dataDir, 'studio', name);
          mkdirSync(path, { recursive: true });
          return { namespace: 'studio', name, path };
        },
        worker: { kind: 'file', dataDir },
        stop: async () => rmSync(dataDir, { recursive: true, force: true }),
      };
    },
  };
}

let shared: RedisServer | null = null;
let users = 0;

function redisSetup(): BackendSetup {
  return {
    kind: 'redis',
    skip: redisUnavailable(),
    async start() {
      shared ??= await startRedis();
      users++;
      const server = shared;
      // A fresh key prefix per test keeps tests independent on one server.
      const prefix = `t${randomUUID().slice(0, 8)}:`;
      return {
        make: () => new RedisLockBackend(server.url, prefix),
        target: (name) => ({ namespace: 'studio', name, path: '' }),
        worker: { kind: 'redis', url: server.url, prefix },
        async stop() {
          if (--users === 0 && shared) {
            const s = shared;
            shared = null;
            await s.stop();
          }
        },
      };
    },
  };
}

export const backendSetups: BackendSetup[] = [fileSetup(), redisSetup()];
