import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/**
 * A bundle's history lives in a hidden sibling named after it. Renamed in Finder (or saved
 * under a new name), the bundle no longer finds it: auxin must say where the history is and how
 * to keep it, not only "run auxin init", which would start an empty history beside it.
 */
describe('a bundle renamed after init', () => {
  it('names the history left beside it and how to keep it; following that works', async () => {
    const songs = `${t.dir}/Songs`;
    mkdirSync(`${songs}/Song.logicx/Alternatives/000`, { recursive: true });
    writeFileSync(`${songs}/Song.logicx/Alternatives/000/ProjectData`, 'pd');
    await ok(['init'], { cwd: `${songs}/Song.logicx` });
    await ok(['commit', '-m', 'first take'], { cwd: `${songs}/Song.logicx` });
    renameSync(`${songs}/Song.logicx`, `${songs}/Song v2.logicx`);
    const w = `${songs}/Song v2.logicx`;

    const lost = await auxin(['status'], { cwd: w });
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain('".Song.logicx.auxin"');
    expect(lost.stderr).toContain('rename that folder to ".Song v2.logicx.auxin"');
    expect(lost.stderr).toMatch(/\(NOT_A_REPOSITORY\)\n$/);

    // init warns that it starts an empty history while the real one is beside it.
    const fresh = await auxin(['init'], { cwd: w });
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain('".Song.logicx.auxin"');
    rmSync(`${songs}/.Song v2.logicx.auxin`, { recursive: true });

    renameSync(`${songs}/.Song.logicx.auxin`, `${songs}/.Song v2.logicx.auxin`);
    expect((await ok(['status'], { cwd: w })).stdout).toContain('nothing changed');
    expect((await ok(['log'], { cwd: w })).stdout).toContain('first take');
  });

  it('a folder with no history anywhere near still just says to run auxin init', async () => {
    mkdirSync(`${t.dir}/Other.logicx`);
    const r = await auxin(['status'], { cwd: `${t.dir}/Other.logicx` });
    expect(r.stderr).toMatch(/\(run 'auxin init'\) \(NOT_A_REPOSITORY\)\n$/);
    expect((await auxin(['init'], { cwd: `${t.dir}/Other.logicx` })).stderr).toBe('');
  });
});
