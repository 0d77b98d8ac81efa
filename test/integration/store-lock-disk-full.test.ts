/**
 * A store lock taken on a full disk (issue #19, section 6): the lock fails with ENOSPC and leaves
 * nothing in the locks folder, where a 0-byte temp file used to stay for good. The folder is a
 * small tmpfs filled to the last byte, which needs root on Linux; elsewhere the test is skipped,
 * saying so.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireLock } from '../../src-main/store/lockfile.js';
import { tempDir } from '../helpers/tmp.js';

const work = tempDir('auxin-lockfull-');
const mnt = path.join(work.dir, 'disk');
fs.mkdirSync(mnt);

function mountSmall(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return 'not root on Linux: cannot mount a small tmpfs to fill';
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount -t tmpfs failed (${(e as Error).message.split('\n')[0]})`;
  }
}
const skip = mountSmall();
if (skip) console.warn(`store-lock-disk-full: skipped: ${skip}`);

afterAll(() => {
  if (!skip) execFileSync('umount', [mnt], { stdio: 'pipe' });
  work.cleanup();
});

describe.skipIf(!!skip)('a store lock on a full disk', () => {
  it('fails with ENOSPC and leaves no empty temp file in locks/', async () => {
    const locks = path.join(mnt, 'repo', 'locks');
    fs.mkdirSync(locks, { recursive: true });
    // Fill the disk to its last byte.
    const fd = fs.openSync(path.join(mnt, 'fill'), 'w');
    try {
      const block = Buffer.alloc(4096, 1);
      for (;;) fs.writeSync(fd, block);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    try {
      for (;;) fs.writeSync(fd, Buffer.alloc(1, 1));
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }

    await expect(acquireLock(path.join(locks, 'commit.lock'), { waitMs: 0 })).rejects.toMatchObject(
      { code: 'ENOSPC' },
    );
    expect(fs.readdirSync(locks)).toEqual([]);

    // Space freed: the same lock is taken and released, and again nothing is left.
    fs.rmSync(path.join(mnt, 'fill'));
    const release = await acquireLock(path.join(locks, 'commit.lock'), { waitMs: 0 });
    expect(fs.readdirSync(locks)).toEqual(['commit.lock']);
    await release();
    expect(fs.readdirSync(locks)).toEqual([]);
  });
});
