import type { Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockService } from '../../src-main/locks/service.js';
import { isAuxinError } from '../../src-shared/errors.js';
import { LockSchema } from '../../src-shared/api/locks.js';
import { backendSetups, type BackendEnv } from '../helpers/lock-setups.js';
import { memoryActivity, memoryBus } from '../helpers/hub-fakes.js';

const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function codeOf(
  p: Promise<unknown>,
): Promise<{ code: string; status: number; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (e) {
    if (isAuxinError(e)) return { code: e.code, status: e.status, details: e.details };
    throw e;
  }
  throw new Error('expected a failure');
}

for (const setup of backendSetups) {
  if (setup.skip) console.warn(`SKIP: ${setup.skip}`);
  describe.skipIf(!!setup.skip)(`lock service (${setup.kind} backend)`, () => {
    let env: BackendEnv;
    let bus: ReturnType<typeof memoryBus>;
    let activity: ReturnType<typeof memoryActivity>;
    let svc: LockService;

    beforeEach(async () => {
      env = await setup.start();
      bus = memoryBus();
      activity = memoryActivity(bus);
      svc = new LockService({ backend: env.make(), events: bus, activity });
    });
    afterEach(async () => {
      await svc.stop();
      await env.stop();
    });

    it('grants a lease with the six string fields, reports it, and releases it', async () => {
      const t = env.target('MySong.logicx');
      const lock = await svc.acquire(t, 'ana', {
        machine_id: 'studio-mac',
        ttl_seconds: 3600,
        user: 'ana@studio-mac',
      });
      expect(LockSchema.parse(lock)).toEqual(lock);
      for (const k of [
        'lock_id',
        'user',
        'machine_id',
        'acquired_at',
        'expires_at',
        'last_heartbeat',
      ] as const) {
        expect(typeof lock[k]).toBe('string');
      }
      expect(lock.acquired_at).toMatch(RFC3339_UTC);
      expect(lock.expires_at).toMatch(RFC3339_UTC);
      expect(Date.parse(lock.expires_at) - Date.parse(lock.acquired_at)).toBe(3600_000);
      expect(lock).toMatchObject({ user: 'ana@studio-mac', username: 'ana', ttl_seconds: 3600 });
      expect(await svc.status(t)).toEqual(lock);
      expect(
        await svc.release(t, 'ana', { lock_id: lock.lock_id, machine_id: 'studio-mac' }),
      ).toEqual({ released: true, lock });
      expect(await svc.status(t)).toBeNull();
      expect(await svc.release(t, 'ana', { lock_id: lock.lock_id })).toEqual({ released: false });
      expect(activity.feed.map((e) => e.type)).toEqual(['lock.released', 'lock.acquired']);
    });

    it('renews the same lock for the same holder and refuses everyone else, even the same user elsewhere', async () => {
      const t = env.target('Song');
      const first = await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60 });
      await new Promise((r) => setTimeout(r, 20));
      const again = await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 120 });
      expect(again.lock_id).toBe(first.lock_id);
      expect(again.acquired_at).toBe(first.acquired_at);
      expect(Date.parse(again.expires_at)).toBeGreaterThan(Date.parse(first.expires_at));
      const laptop = await codeOf(svc.acquire(t, 'ana', { machine_id: 'laptop', ttl_seconds: 60 }));
      expect(laptop).toMatchObject({ code: 'LOCK_HELD', status: 409 });
      const bob = await codeOf(svc.acquire(t, 'bob', { machine_id: 'mac', ttl_seconds: 60 }));
      expect(bob.details).toMatchObject({
        holder: 'ana',
        machine_id: 'mac',
        expires_at: again.expires_at,
      });
    });

    it('lets only the holder release or renew; heartbeat extends the lease', async () => {
      const t = env.target('Song');
      const lock = await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60 });
      expect(await codeOf(svc.release(t, 'bob', { lock_id: lock.lock_id }))).toMatchObject({
        code: 'NOT_LOCK_HOLDER',
        status: 403,
      });
      expect((await codeOf(svc.release(t, 'ana', { machine_id: 'laptop' }))).code).toBe(
        'NOT_LOCK_HOLDER',
      );
      expect((await codeOf(svc.heartbeat(t, 'bob', { lock_id: lock.lock_id }))).code).toBe(
        'NOT_LOCK_HOLDER',
      );
      expect(await codeOf(svc.heartbeat(t, 'ana', { lock_id: 'nope' }))).toMatchObject({
        code: 'NO_LOCK',
        status: 404,
      });
      await new Promise((r) => setTimeout(r, 20));
      const hb = await svc.heartbeat(t, 'ana', { lock_id: lock.lock_id, ttl_seconds: 600 });
      expect(hb.lock_id).toBe(lock.lock_id);
      expect(Date.parse(hb.expires_at) - Date.parse(hb.last_heartbeat)).toBe(600_000);
      expect(Date.parse(hb.last_heartbeat)).toBeGreaterThan(Date.parse(lock.last_heartbeat));
      expect((await svc.status(t))?.expires_at).toBe(hb.expires_at);
    });

    it('force-releases with a reason in the feed and tells those who asked when it is free', async () => {
      const t = env.target('Song');
      const lock = await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60 });
      expect(await svc.notifyWhenFree(t, 'bob')).toMatchObject({ locked: true, waiting: true });
      const r = await svc.forceRelease(t, 'admin', 'ana is on holiday');
      expect(r.released).toBe(true);
      const forced = activity.feed.find((e) => e.type === 'lock.force_released');
      expect(forced).toMatchObject({
        actor: 'admin',
        details: { reason: 'ana is on holiday', former_holder: 'ana' },
      });
      expect(forced!.text).toContain('ana is on holiday');
      expect(bus.events.filter((e) => e.type === 'lock.free' && e.to === 'bob')).toHaveLength(1);
      expect((await codeOf(svc.heartbeat(t, 'ana', { lock_id: lock.lock_id }))).code).toBe(
        'NO_LOCK',
      );
      expect(await svc.forceRelease(t, 'admin', 'again')).toEqual({ released: false });
    });

    it('fences pushes: anyone but the holder gets 423 LOCK_HELD naming the holder', async () => {
      const t = env.target('Song');
      await svc.checkPush(t, 'bob');
      await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60, user: 'Ana' });
      await svc.checkPush(t, 'ana');
      const refused = await codeOf(svc.checkPush(t, 'bob'));
      expect(refused).toMatchObject({
        code: 'LOCK_HELD',
        status: 423,
        details: { holder: 'ana', user: 'Ana' },
      });
      // The holder is a user on one machine: her own account on another machine is fenced too.
      await svc.checkPush(t, 'ana', 'mac');
      expect(await codeOf(svc.checkPush(t, 'ana', 'laptop'))).toMatchObject({
        code: 'LOCK_HELD',
        status: 423,
        details: { holder: 'ana', machine_id: 'mac' },
      });
      expect((await codeOf(svc.checkPush(t, 'bob', 'mac'))).code).toBe('LOCK_HELD');
    });

    it('gives exactly one of 100 concurrent acquires from 10 separate connections', async () => {
      const t = env.target('Contended');
      const services = Array.from({ length: 10 }, () => new LockService({ backend: env.make() }));
      try {
        const results = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) =>
            services[i % 10]!.acquire(t, `user${i}`, { machine_id: `m${i}`, ttl_seconds: 60 }),
          ),
        );
        const won = results.filter((r) => r.status === 'fulfilled');
        expect(won).toHaveLength(1);
        for (const r of results) {
          if (r.status === 'rejected')
            expect((r.reason as { code: string }).code).toBe('LOCK_HELD');
        }
        expect((await svc.status(t))?.lock_id).toBe(
          (won[0] as PromiseFulfilledResult<{ lock_id: string }>).value.lock_id,
        );
      } finally {
        await Promise.all(services.map((s) => s.stop()));
      }
    });
  });
}

describe('Redis backend when Redis is down', () => {
  it('answers UNAVAILABLE (503) instead of failing as a bug', async () => {
    const { createServer } = await import('node:net');
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const { RedisLockBackend } = await import('../../src-main/locks/redis-backend.js');
    const svc = new LockService({ backend: new RedisLockBackend(`redis://127.0.0.1:${port}`) });
    try {
      const t = { namespace: 'studio', name: 'Song', path: '' };
      const failed = await codeOf(svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60 }));
      expect(failed).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
    } finally {
      await svc.stop();
    }
  });

  it('answers UNAVAILABLE within its command timeout when Redis accepts but never answers', async () => {
    const { createServer } = await import('node:net');
    // A frozen Redis (SIGSTOP, or cut off with the connection open): connects, then silence.
    const sockets: Socket[] = [];
    const server = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
    );
    const { RedisLockBackend } = await import('../../src-main/locks/redis-backend.js');
    const backend = new RedisLockBackend(`redis://127.0.0.1:${port}`, 'auxin:', {
      commandTimeoutMs: 500,
    });
    const svc = new LockService({ backend });
    try {
      const t = { namespace: 'studio', name: 'Song', path: '' };
      const t0 = Date.now();
      const failed = await codeOf(svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60 }));
      expect(failed).toMatchObject({ code: 'UNAVAILABLE', status: 503 });
      expect(Date.now() - t0).toBeLessThan(5_000);
      const t1 = Date.now();
      await svc.stop();
      expect(Date.now() - t1).toBeLessThan(5_000);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    }
  }, 20_000);
});
