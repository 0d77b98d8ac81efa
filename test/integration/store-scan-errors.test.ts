import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

const LEVELS = 17;
const LONG = 'L'.repeat(250);

/** `levels` nested folders named `names[i]` under `top`, as an absolute path. */
const chain = (top: string, names: string[]) => [top, ...names].join('/');

describe('a path the scan cannot look at', () => {
  it('is reported as skipped, never silently left out of the version', async () => {
    const w = t.dir;
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/top.txt`, 'top');
    // Folders nested deeper than PATH_MAX (4096 bytes): made with short names, then renamed
    // deepest first, so no single call ever names a path that long.
    const short = Array.from({ length: LEVELS }, () => 'd');
    mkdirSync(chain(w, short), { recursive: true });
    writeFileSync(`${chain(w, short)}/song.wav`, 'important');
    const names = [...short];
    for (let i = LEVELS - 1; i >= 0; i--) {
      renameSync(chain(w, names.slice(0, i + 1)), chain(w, [...names.slice(0, i), LONG]));
      names[i] = LONG;
    }
    try {
      const r = await auxin(['commit', '-m', 'deep'], { cwd: w });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toContain('skipped');
      expect(r.stderr).toContain('ENAMETOOLONG');
      const st = await auxin(['status', '--json'], { cwd: w });
      const skipped = (JSON.parse(st.stdout) as { skipped: { reason: string }[] }).skipped;
      expect(skipped.map((s) => s.reason).join()).toContain('ENAMETOOLONG');
    } finally {
      // Back to short names, shallowest first, so the folder can be removed.
      for (let i = 0; i < LEVELS; i++) {
        renameSync(chain(w, [...short.slice(0, i), LONG]), chain(w, short.slice(0, i + 1)));
      }
    }
  }, 60_000);
});
