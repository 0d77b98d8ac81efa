/**
 * A file locked against changes (macOS: the Finder's "Locked"; here the Linux immutable flag,
 * which refuses even root) that a checkout must remove. Needs root and a filesystem with
 * `chattr +i`; the test says why when it skips.
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
    `a checkout that cannot remove it fails instead of counting it removed${immutableSkip ? ` (skipped: ${immutableSkip})` : ''}`,
    async () => {
      const dir = path.join(work, 'song');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'take.wav'), 'first take');
      fs.writeFileSync(path.join(dir, 'old.wav'), 'only in v1');
      await ok(['init'], { cwd: dir });
      await ok(['commit', '-m', 'v1'], { cwd: dir });
      fs.rmSync(path.join(dir, 'old.wav'));
      await ok(['commit', '-m', 'v2'], { cwd: dir });
      await ok(['checkout', 'HEAD~1'], { cwd: dir });
      chattr('+i', path.join(dir, 'old.wav'));
      try {
        // It said "1 removed" with the file still there, which status then called added.
        const r = await auxin(['checkout', 'main'], { cwd: dir });
        expect(r.code).toBe(1);
        expect(r.stderr).toContain('old.wav');
        expect(r.stderr).toContain('run `auxin checkout main` to finish it');
      } finally {
        chattr('-i', path.join(dir, 'old.wav'));
      }
      await ok(['checkout', 'main'], { cwd: dir });
      expect(fs.existsSync(path.join(dir, 'old.wav'))).toBe(false);
      const st = await ok(['status'], { cwd: dir });
      expect(st.stdout).toContain('nothing changed');
    },
  );
});
