/**
 * A lock file's holder, judged on this machine: a zombie pid, a pid now another process's and our
 * own pid from an earlier run all mean a dead holder, for the store's lock files and for the lock
 * service's mutex alike, with real processes (test/helpers/zombie.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { holderGone, pidAlive, processStart } from '../../src-main/store/holder.js';
import { acquireLock } from '../../src-main/store/lockfile.js';
import { withFileMutex } from '../../src-main/locks/file-mutex.js';
import { tempDir } from '../helpers/tmp.js';
import { zombieFamily } from '../helpers/zombie.js';

const hasProc = processStart(process.pid) !== null;
const procNote = 'needs /proc (Linux) to tell a zombie or a reused pid';

let family: { parent: ChildProcess; zombie: number } | undefined;
let dir = '';
let cleanup = () => {};
beforeAll(async () => {
  if (hasProc) family = await zombieFamily();
});
afterAll(() => {
  family?.parent.kill('SIGKILL');
});
afterEach(() => cleanup());

function lockDir(): string {
  ({ dir, cleanup } = tempDir('auxin-holders-'));
  mkdirSync(path.join(dir, 'locks'));
  return path.join(dir, 'locks');
}

/** A store lock file as a holder on this machine would have left it. */
function storeLockOf(pid: number, token: string, start: string | null): string {
  const file = path.join(lockDir(), 'commit.lock');
  writeFileSync(file, `${pid}\n${hostname()}\n${token}\n${start ?? ''}\n`);
  return file;
}

function mutexOf(info: object): string {
  const file = path.join(lockDir(), 'Song.lock.mutex');
  writeFileSync(file, JSON.stringify({ host: hostname(), token: 'left', ...info }));
  return file;
}

describe('telling whether a lock holder still runs', () => {
  it.skipIf(!hasProc)('a zombie does not run; its parent and this process do', () => {
    expect(pidAlive(family!.zombie)).toBe(false);
    expect(pidAlive(family!.parent.pid!)).toBe(true);
    expect(pidAlive(process.pid)).toBe(true);
  });

  it.skipIf(!hasProc)(
    'a holder recorded with another start time is gone (its pid was reused)',
    () => {
      const start = processStart(family!.parent.pid!)!;
      expect(holderGone(family!.parent.pid!, start)).toBe(false);
      expect(holderGone(family!.parent.pid!, String(Number(start) + 1))).toBe(true);
      // No start recorded (an older lock file): a live pid counts as the holder.
      expect(holderGone(family!.parent.pid!, null)).toBe(false);
    },
  );

  it('a pid that no longer exists is gone', async () => {
    const child = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => child.once('exit', r));
    expect(pidAlive(child.pid!)).toBe(false);
    expect(holderGone(child.pid!, null)).toBe(true);
  });
});

describe("the store's lock files", () => {
  it.skipIf(!hasProc)('a lock left by a zombie is broken at once', async () => {
    const release = await acquireLock(storeLockOf(family!.zombie, 't', null), { waitMs: 0 });
    await release();
  });

  it.skipIf(!hasProc)('a lock whose pid is now another process is broken at once', async () => {
    const pid = family!.parent.pid!;
    const reused = String(Number(processStart(pid)) + 1);
    const release = await acquireLock(storeLockOf(pid, 't', reused), { waitMs: 0 });
    await release();
  });

  it.skipIf(!hasProc)('a lock of a live holder stays', async () => {
    const pid = family!.parent.pid!;
    await expect(
      acquireLock(storeLockOf(pid, 't', processStart(pid)), { waitMs: 0 }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a lock naming our own pid but a token we do not hold is from an earlier run: broken', async () => {
    const file = storeLockOf(process.pid, 'from-the-killed-run', processStart(process.pid));
    const release = await acquireLock(file, { waitMs: 0 });
    // Ours now: a second caller of this very process waits for it.
    await expect(acquireLock(file, { waitMs: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    await release();
    const again = await acquireLock(file, { waitMs: 0 });
    await again();
  });
});

describe("the lock service's mutex", () => {
  it.skipIf(!hasProc)('a mutex left by a zombie is broken at once, not after 10 s', async () => {
    const file = mutexOf({ pid: family!.zombie });
    await expect(withFileMutex(file, async () => 'ran', 2_000)).resolves.toBe('ran');
  });

  it.skipIf(!hasProc)('a mutex whose pid is now another process is broken at once', async () => {
    const pid = family!.parent.pid!;
    const file = mutexOf({ pid, start: String(Number(processStart(pid)) + 1) });
    await expect(withFileMutex(file, async () => 'ran', 2_000)).resolves.toBe('ran');
  });

  it.skipIf(!hasProc)('a fresh mutex of a live holder is waited for', async () => {
    const pid = family!.parent.pid!;
    const file = mutexOf({ pid, start: processStart(pid) });
    await expect(withFileMutex(file, async () => 'ran', 300)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});

if (!hasProc) {
  describe('zombies and reused pids', () => {
    it.skip(procNote, () => {});
  });
}
