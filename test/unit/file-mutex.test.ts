import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withFileMutex } from '../../src-main/locks/file-mutex.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function leftBehind(info: object, ageMs = 0): string {
  dir = mkdtempSync(path.join(tmpdir(), 'auxin-mutex-'));
  const file = path.join(dir, 'project.lock.mutex');
  writeFileSync(file, JSON.stringify({ host: hostname(), ...info }));
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(file, t, t);
  return file;
}

describe('file mutex left behind by a killed holder', () => {
  it('is broken at once when it names our own pid but not a token we hold (a restarted container)', async () => {
    const file = leftBehind({ pid: process.pid, token: 'from-the-killed-run' });
    const t0 = Date.now();
    await expect(withFileMutex(file, async () => 'ran', 3_000)).resolves.toBe('ran');
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('is broken after the stale delay when its pid now belongs to another live process', async () => {
    // pid 1 always runs; the file is older than the 10 s after which any holder counts as gone.
    const file = leftBehind({ pid: 1, token: 'x' }, 11_000);
    await expect(withFileMutex(file, async () => 'ran', 3_000)).resolves.toBe('ran');
  });

  it('still waits for a fresh mutex of a live process', async () => {
    const file = leftBehind({ pid: 1, token: 'x' });
    await expect(withFileMutex(file, async () => 'ran', 300)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('never lets two callers of one process in at once', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'auxin-mutex-'));
    const file = path.join(dir, 'm');
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileMutex(file, async () => {
          most = Math.max(most, ++inside);
          await new Promise((r) => setTimeout(r, 2));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
  });
});
