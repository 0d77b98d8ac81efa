/**
 * System errors a person can act on are told in words, naming the user's file: a file locked
 * against changes (macOS: the Finder's "Locked"; here the Linux immutable flag, which refuses even
 * root) and a read-only disk. Before, the line was Node's own ("EPERM: operation not permitted,
 * rename '/p/.auxin-tmp-28217-3-….tmp' -> '/p/take.wav'"). Needs root and a filesystem with
 * `chattr +i`, and root to mount a read-only tmpfs; each test says why when it skips.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let work = '';
let cleanup = () => {};
beforeAll(() => {
  ({ dir: work, cleanup } = tempDir('auxin-syserr-'));
});
afterAll(() => cleanup());

function chattr(flag: '+i' | '-i', file: string): void {
  execFileSync('chattr', [flag, file], { stdio: 'pipe' });
}

/** Why a file cannot be made immutable here, or null when it can. */
function noImmutable(): string | null {
  const probe = path.join(tempDir('auxin-chattr-').dir, 'probe');
  fs.writeFileSync(probe, 'x');
  try {
    chattr('+i', probe);
    chattr('-i', probe);
    return null;
  } catch (e) {
    return `chattr +i does not work here (${(e as Error).message.split('\n')[0]})`;
  } finally {
    fs.rmSync(path.dirname(probe), { recursive: true, force: true });
  }
}

const immutableSkip = noImmutable();

describe('a file locked against changes', () => {
  it.skipIf(immutableSkip !== null)(
    `checkout names the locked file, leaves no temporary file, and finishes once it is unlocked${immutableSkip ? ` (skipped: ${immutableSkip})` : ''}`,
    async () => {
      const dir = path.join(work, 'song');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'take.wav'), 'first take');
      fs.writeFileSync(path.join(dir, 'old.wav'), 'only in v1');
      await ok(['init'], { cwd: dir });
      await ok(['commit', '-m', 'v1'], { cwd: dir });
      fs.writeFileSync(path.join(dir, 'take.wav'), 'second take');
      fs.rmSync(path.join(dir, 'old.wav'));
      await ok(['commit', '-m', 'v2'], { cwd: dir });
      const real = fs.realpathSync(dir);
      chattr('+i', path.join(dir, 'take.wav'));
      try {
        const r = await auxin(['checkout', 'HEAD~1'], { cwd: dir });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`not allowed to replace ${real}/take.wav (EPERM)`);
        expect(r.stderr).toContain(
          'run `auxin checkout HEAD~1` to finish it (CHECKOUT_INTERRUPTED)',
        );
        expect(r.stderr).not.toContain('.auxin-tmp');
        expect(fs.readdirSync(dir).filter((n) => n.includes('tmp'))).toEqual([]);
      } finally {
        chattr('-i', path.join(dir, 'take.wav'));
      }
      await ok(['checkout', 'HEAD~1'], { cwd: dir });
      expect(fs.readFileSync(path.join(dir, 'take.wav'), 'utf8')).toBe('first take');
      // Removing a locked file is named the same way.
      chattr('+i', path.join(dir, 'old.wav'));
      try {
        const r = await auxin(['checkout', 'main'], { cwd: dir });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`not allowed to remove ${real}/old.wav (EPERM)`);
      } finally {
        chattr('-i', path.join(dir, 'old.wav'));
      }
      await ok(['checkout', 'main'], { cwd: dir });
      expect(fs.existsSync(path.join(dir, 'old.wav'))).toBe(false);
    },
  );
});

/** A read-only tmpfs at `dir`, or why there cannot be one. */
function mountReadOnly(dir: string): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return 'not root on Linux: cannot mount a read-only tmpfs';
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,ro', 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount -t tmpfs failed (${(e as Error).message.split('\n')[0]})`;
  }
}

describe('a read-only disk', () => {
  const ro = tempDir('auxin-ro-');
  const skip = mountReadOnly(ro.dir);
  afterAll(() => {
    if (!skip) execFileSync('umount', [ro.dir], { stdio: 'pipe' });
    ro.cleanup();
  });

  it.skipIf(skip !== null)(
    `init says the disk is read-only, with a code${skip ? ` (skipped: ${skip})` : ''}`,
    async () => {
      const target = path.join(ro.dir, 'Song');
      const r = await auxin(['init', target], { cwd: work });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`cannot create ${target}`);
      expect(r.stderr).toContain('the disk is mounted read-only (EROFS) (READ_ONLY)');
    },
  );
});

describe('a folder that can never be made', () => {
  const noProc = fs.existsSync('/proc/self') ? null : 'no /proc on this system';
  it.skipIf(noProc !== null)(
    `init under /proc fails at once instead of retrying for ever${noProc ? ` (skipped: ${noProc})` : ''}`,
    async () => {
      // /proc exists, but no folder can be made in it: Node's recursive mkdir never returned.
      const r = await auxin(['init', '/proc/auxin-test-project'], { cwd: work, timeoutMs: 10_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("mkdir '/proc/auxin-test-project'");
    },
  );
});
