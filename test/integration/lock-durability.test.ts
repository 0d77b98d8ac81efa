import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LockService } from '../../src-main/locks/service.js';
import { backendSetups, type BackendEnv } from '../helpers/lock-setups.js';
import { memoryActivity, memoryBus } from '../helpers/hub-fakes.js';
import type { Lock } from '../../src-shared/api/locks.js';

const WORKER = join(import.meta.dirname, '../helpers/lock-worker.mjs');

function runWorker(cfg: Record<string, unknown>): Promise<number | null> {
  const child = spawn(process.execPath, [WORKER, JSON.stringify(cfg)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve) => child.once('exit', resolve));
}

/** Start a worker that holds `lock` and renews it in a tight loop; resolves once it holds it. */
function startHammer(cfg: Record<string, unknown>) {
  const child = spawn(process.execPath, [WORKER, JSON.stringify({ ...cfg, mode: 'hammer' })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<Lock>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as Lock);
    });
    child.once('exit', (code) => reject(new Error(`hammer exited early (${code})`)));
  });
  return { child, ready };
}

for (const setup of backendSetups) {
  describe.skipIf(!!setup.skip)(`lock durability (${setup.kind} backend)`, () => {
    let env: BackendEnv;
    let work: string;
    beforeEach(async () => {
      env = await setup.start();
      work = mkdtempSync(join(tmpdir(), 'auxin-lockwork-'));
    });
    afterEach(async () => {
      await env.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it('notices expiry by itself and broadcasts it within 2 s of the deadline', async () => {
      const bus = memoryBus();
      const svc = new LockService({
        backend: env.make(),
        events: bus,
        activity: memoryActivity(bus),
      }).start();
      try {
        const t = env.target('Expiring');
        const lock = await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 1 });
        await svc.notifyWhenFree(t, 'bob');
        const deadline = Date.parse(lock.expires_at);
        const seen = await new Promise<number>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('no lock.expired event')), 5000);
          bus.subscribe((e) => {
            if (e.type === 'lock.expired' && JSON.stringify(e.data).includes(lock.lock_id)) {
              clearTimeout(timer);
              resolve(Date.now());
            }
          });
        });
        expect(seen).toBeGreaterThanOrEqual(deadline);
        expect(seen - deadline).toBeLessThan(2000);
        await svc.scan(); // the scan that announced it also tells the waiters
        expect(bus.events.some((e) => e.type === 'lock.free' && e.to === 'bob')).toBe(true);
        expect(await svc.status(t)).toBeNull();
      } finally {
        await svc.stop();
      }
    });

    it('keeps a lock across a restart of the service', async () => {
      const t = env.target('Durable');
      const a = new LockService({ backend: env.make() });
      const lock = await a.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 600 });
      await a.stop();
      const b = new LockService({ backend: env.make() });
      try {
        expect(await b.status(t)).toEqual(lock);
        await expect(
          b.acquire(t, 'bob', { machine_id: 'pc', ttl_seconds: 60 }),
        ).rejects.toMatchObject({ code: 'LOCK_HELD' });
        expect((await b.heartbeat(t, 'ana', { lock_id: lock.lock_id })).lock_id).toBe(lock.lock_id);
      } finally {
        await b.stop();
      }
    });

    it('remembers across a restart who asked to be told, and tells them when the lock goes', async () => {
      const file = join(work, 'hub', 'lock-waiters.json');
      const t = env.target('Awaited');
      const gone = env.target('GoneWhileDown');
      const a = new LockService({ backend: env.make(), waitersFile: file }).start();
      const lock = await a.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 600 });
      const lock2 = await a.acquire(gone, 'ana', { machine_id: 'mac', ttl_seconds: 600 });
      await a.notifyWhenFree(t, 'bob');
      await a.notifyWhenFree(gone, 'cleo');
      await a.stop();
      // While the hub is down, the second lock goes (released by another process).
      const other = new LockService({ backend: env.make() });
      expect(await other.release(gone, 'ana', { lock_id: lock2.lock_id })).toMatchObject({
        released: true,
      });
      await other.stop();

      const bus = memoryBus();
      const freeFor = () =>
        bus.events.filter((e) => e.type === 'lock.free' && e.to).map((e) => e.to);
      const b = new LockService({
        backend: env.make(),
        events: bus,
        activity: memoryActivity(bus),
        waitersFile: file,
      }).start();
      try {
        await b.scan(); // the first scan tells those whose lock went while the hub was down
        expect(freeFor()).toEqual(['cleo']);
        await b.release(t, 'ana', { lock_id: lock.lock_id });
        expect(freeFor()).toEqual(['cleo', 'bob']);
        expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, waiters: [] });
      } finally {
        await b.stop();
      }
      // A damaged file is set aside: the service still starts, with no waiters.
      writeFileSync(file, '{not json');
      const c = new LockService({ backend: env.make(), waitersFile: file }).start();
      await c.stop();
    });

    it('keeps a valid lock when its holder process is SIGKILLed mid-write', async () => {
      const t = env.target('Killed');
      for (let round = 0; round < 3; round++) {
        const { child, ready } = startHammer({
          ...env.worker,
          target: t,
          username: 'ana',
          machine: 'mac',
        });
        const lock = await ready;
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
        const svc = new LockService({ backend: env.make() });
        try {
          const seen = await svc.status(t);
          expect(seen?.lock_id).toBe(lock.lock_id);
          await expect(
            svc.acquire(t, 'bob', { machine_id: 'pc', ttl_seconds: 60 }),
          ).rejects.toMatchObject({ code: 'LOCK_HELD' });
          // The dead process may have held the file mutex: it must not block the holder.
          await svc.heartbeat(t, 'ana', { lock_id: lock.lock_id });
          expect((await svc.release(t, 'ana', {})).released).toBe(true);
        } finally {
          await svc.stop();
        }
      }
    });

    it('never grants one lock to two OS processes at once', async () => {
      const t = env.target('Shared');
      const outs = [join(work, 'a.json'), join(work, 'b.json'), join(work, 'c.json')];
      const codes = await Promise.all(
        outs.map((out, i) =>
          runWorker({
            ...env.worker,
            mode: 'contend',
            target: t,
            username: `user${i}`,
            machine: `m${i}`,
            durationMs: 1500,
            out,
          }),
        ),
      );
      expect(codes).toEqual([0, 0, 0]);
      const results = outs.map(
        (o) =>
          JSON.parse(readFileSync(o, 'utf8')) as { intervals: [number, number][]; errors: number },
      );
      for (const r of results) {
        expect(r.errors).toBe(0);
        expect(r.intervals.length).toBeGreaterThan(3); // every process really took part
      }
      const all = results.flatMap((r) => r.intervals).sort((x, y) => x[0] - y[0]);
      let overlaps = 0;
      for (let i = 1; i < all.length; i++) if (all[i]![0] < all[i - 1]![1]) overlaps++;
      expect(overlaps).toBe(0);
    });
  });
}
