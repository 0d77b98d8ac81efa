import { utimesSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/**
 * Files copied from a machine with a wrong clock, or out of an old archive, carry an mtime in
 * the future or before 1970. Every later write stamps ctime with the real time, so such a
 * file is as trustworthy as any other once recorded: it must not be read again on each commit.
 */
describe('files whose mtime is in the future or before 1970', () => {
  it('are read once, then vouched for by the index like any other, without warnings', async () => {
    const w = t.dir;
    writeFileSync(`${w}/future.wav`, noise(2_000_000, 1));
    writeFileSync(`${w}/past.wav`, noise(2_000_000, 2));
    writeFileSync(`${w}/ProjectData`, 'v1');
    utimesSync(`${w}/future.wav`, new Date('2099-01-01'), new Date('2099-01-01'));
    utimesSync(`${w}/past.wav`, new Date('1960-01-01'), new Date('1960-01-01'));
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    const first = await auxin(['commit', '-m', 'first'], { cwd: w });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('read 3 files');
    // Past the racy window of the first commit, so only the edited file needs reading.
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(`${w}/ProjectData`, 'v2');
    const second = await auxin(['commit', '-m', 'second'], { cwd: w });
    expect(second.stderr).toBe('');
    expect(second.stdout).toContain('read 1 file,');
    const st = await auxin(['status'], { cwd: w });
    expect(st.stdout).toContain('nothing changed');
  });
});
