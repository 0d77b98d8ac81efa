import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/**
 * Two versions whose file differs only in its executable bit (a copy from an exFAT drive or a
 * Windows share marks every file executable): checkout changes the bit in place instead of
 * writing the whole file again.
 */
describe('a checkout where only a file mode differs', () => {
  it('changes the mode in place: same inode, right mode, nothing left to commit', async () => {
    const w = t.dir;
    writeFileSync(`${w}/take.wav`, noise(20_000_000, 3));
    chmodSync(`${w}/take.wav`, 0o644);
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    expect((await auxin(['commit', '-m', 'v1'], { cwd: w })).code).toBe(0);
    chmodSync(`${w}/take.wav`, 0o755);
    expect((await auxin(['commit', '-m', 'v2'], { cwd: w })).code).toBe(0);
    const ino = statSync(`${w}/take.wav`).ino;
    const r = await auxin(['checkout', 'HEAD~1'], { cwd: w });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('1 written');
    const st = statSync(`${w}/take.wav`);
    expect(st.mode & 0o777).toBe(0o644);
    expect(st.ino).toBe(ino);
    expect((await auxin(['status'], { cwd: w })).stdout).toContain('nothing changed');
    expect((await auxin(['checkout', 'main'], { cwd: w })).code).toBe(0);
    expect(statSync(`${w}/take.wav`).mode & 0o777).toBe(0o755);
    expect(statSync(`${w}/take.wav`).ino).toBe(ino);
  });
});
