// A separate OS process that uses the lock service on a shared data folder or Redis.
// argv[2] is JSON: {mode, kind, dataDir, url, prefix, target, username, machine, durationMs, out}.
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FileLockBackend, LockService, RedisLockBackend } from '../../dist/src-main/locks/index.js';

const cfg = JSON.parse(process.argv[2]);
const backend =
  cfg.kind === 'redis'
    ? new RedisLockBackend(cfg.url, cfg.prefix)
    : new FileLockBackend(cfg.dataDir);
const service = new LockService({ backend });
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (cfg.mode === 'contend') {
  // Each win records the interval it held the lock: strictly inside acquire..release.
  const intervals = [];
  let errors = 0;
  const end = Date.now() + cfg.durationMs;
  while (Date.now() < end) {
    try {
      await service.acquire(cfg.target, cfg.username, { machine_id: cfg.machine, ttl_seconds: 30 });
      const start = now();
      await sleep(1);
      intervals.push([start, now()]);
      await service.release(cfg.target, cfg.username, {});
    } catch (e) {
      if (e.code !== 'LOCK_HELD') errors++;
      await sleep(Math.random() * 2);
    }
  }
  writeFileSync(cfg.out, JSON.stringify({ intervals, errors }));
  await service.stop();
} else if (cfg.mode === 'hammer') {
  // Renew as fast as possible so a SIGKILL lands in the middle of some write.
  const lock = await service.acquire(cfg.target, cfg.username, {
    machine_id: cfg.machine,
    ttl_seconds: 600,
  });
  process.stdout.write(JSON.stringify(lock) + '\n');
  for (;;) {
    await service.heartbeat(cfg.target, cfg.username, { lock_id: lock.lock_id });
  }
}
