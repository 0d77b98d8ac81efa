import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { addUser, startHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/**
 * Finder leaves `.DS_Store` in every folder it shows (and `._*` files on exFAT drives). Both are
 * ignored, so they are never anyone's work: a folder the version no longer has must go with them,
 * or it stays behind, shows as added, and blocks the next checkout.
 */
describe('a folder the version removed, holding only Finder files', () => {
  it('is removed by checkout with them; a folder holding an ignored file of the user stays', async () => {
    const w = t.dir;
    mkdirSync(`${w}/Old Takes`);
    mkdirSync(`${w}/Bounces`);
    writeFileSync(`${w}/Old Takes/a.wav`, 'take');
    writeFileSync(`${w}/Bounces/b.wav`, 'bounce');
    writeFileSync(`${w}/ProjectData`, 'v1');
    writeFileSync(`${w}/.auxinignore`, '*.mine\n');
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    expect((await auxin(['commit', '-m', 'v1'], { cwd: w })).code).toBe(0);
    rmSync(`${w}/Old Takes`, { recursive: true });
    rmSync(`${w}/Bounces`, { recursive: true });
    expect((await auxin(['commit', '-m', 'v2'], { cwd: w })).code).toBe(0);

    expect((await auxin(['checkout', 'HEAD~1'], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/Old Takes/.DS_Store`, 'finder');
    writeFileSync(`${w}/Old Takes/._a.wav`, 'AppleDouble');
    writeFileSync(`${w}/Bounces/.DS_Store`, 'finder');
    writeFileSync(`${w}/Bounces/notes.mine`, 'ignored, but mine');
    const r = await auxin(['checkout', 'main'], { cwd: w });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(`${w}/Old Takes`)).toBe(false);
    // The user's own ignored file keeps its folder (and the Finder file beside it).
    expect(readdirSync(`${w}/Bounces`).sort()).toEqual(['.DS_Store', 'notes.mine']);
    const st = await auxin(['status'], { cwd: w });
    expect(st.stdout).toContain('added:    "Bounces"');
    expect(st.stdout).not.toContain('Old Takes');
    rmSync(`${w}/Bounces`, { recursive: true });
    expect((await auxin(['status'], { cwd: w })).stdout).toContain('nothing changed');
    expect((await auxin(['checkout', 'HEAD~1'], { cwd: w })).code).toBe(0);
  });

  it('is removed by a pull with them too', async () => {
    const hub = await startHub();
    try {
      const token = await addUser(hub, 'ana', 'producer');
      const as = (cwd: string) => ({ cwd, token, home: `${t.dir}/home`, timeoutMs: 45_000 });
      const a = `${t.dir}/A`;
      mkdirSync(`${a}/Old Takes/Sub`, { recursive: true });
      writeFileSync(`${a}/Old Takes/Sub/a.wav`, 'take');
      writeFileSync(`${a}/ProjectData`, 'v1');
      await ok(['init'], as(a));
      await ok(['commit', '-m', 'v1'], as(a));
      await ok(['remote', 'add', 'origin', `${hub.url}/studio/A`], as(a));
      await ok(['push'], as(a));
      await ok(['clone', `${hub.url}/studio/A`, 'B'], as(t.dir));
      const b = `${t.dir}/B`;
      writeFileSync(`${b}/Old Takes/.DS_Store`, 'finder');
      writeFileSync(`${b}/Old Takes/Sub/.DS_Store`, 'finder');
      rmSync(`${a}/Old Takes`, { recursive: true });
      await ok(['commit', '-m', 'v2'], as(a));
      await ok(['push'], as(a));
      await ok(['pull'], as(b));
      expect(existsSync(`${b}/Old Takes`)).toBe(false);
      expect((await ok(['status'], as(b))).stdout).toContain('nothing changed');
    } finally {
      await hub.stop();
    }
  });
});
