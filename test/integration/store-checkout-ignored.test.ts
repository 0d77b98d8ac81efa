import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

describe('checkout and ignored files', () => {
  it('refuses to overwrite an ignored file where the version has a file of that name', async () => {
    const w = t.dir;
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/notes.tmp`, 'tracked in v1');
    expect((await auxin(['commit', '-m', 'v1'], { cwd: w })).code).toBe(0);
    expect((await auxin(['branch', 'v1'], { cwd: w })).code).toBe(0);
    // v2 stops tracking *.tmp; the user's notes.tmp is now ignored, and theirs alone.
    writeFileSync(`${w}/.auxinignore`, '*.tmp\n');
    writeFileSync(`${w}/notes.tmp`, 'my own notes');
    expect((await auxin(['commit', '-m', 'v2'], { cwd: w })).code).toBe(0);
    expect((await auxin(['status'], { cwd: w })).stdout).toContain('nothing changed');

    const r = await auxin(['checkout', 'v1'], { cwd: w });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('notes.tmp');
    expect(r.stderr).toContain('(UNCOMMITTED_CHANGES)');
    expect(readFileSync(`${w}/notes.tmp`, 'utf8')).toBe('my own notes');

    // The same bytes as the version's are no change: the checkout goes ahead.
    writeFileSync(`${w}/notes.tmp`, 'tracked in v1');
    expect((await auxin(['checkout', 'v1'], { cwd: w })).code).toBe(0);
    // --force overwrites, as documented.
    expect((await auxin(['checkout', 'main'], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/notes.tmp`, 'mine again');
    expect((await auxin(['checkout', 'v1', '--force'], { cwd: w })).code).toBe(0);
    expect(readFileSync(`${w}/notes.tmp`, 'utf8')).toBe('tracked in v1');
  }, 60_000);

  it('names each path once when a folder of the version is now a link', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(`${w}/sub`, { recursive: true });
    mkdirSync(`${t.dir}/outside`);
    writeFileSync(`${t.dir}/outside/f`, 'outside');
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/sub/f`, 'inside');
    expect((await auxin(['commit', '-m', 'v1'], { cwd: w })).code).toBe(0);
    rmSync(`${w}/sub`, { recursive: true });
    symlinkSync('../outside', `${w}/sub`);
    const r = await auxin(['checkout', 'main'], { cwd: w });
    expect(r.stderr).toContain('uncommitted changes in 2 path(s) (sub, sub/f)');
    expect(readFileSync(`${t.dir}/outside/f`, 'utf8')).toBe('outside');
  }, 60_000);
});

describe('leaving a detached HEAD', () => {
  it('warns when the version left behind is on no branch, and only then', async () => {
    const w = t.dir;
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/a.txt`, 'one');
    expect((await auxin(['commit', '-m', 'one'], { cwd: w })).code).toBe(0);
    const head = async () =>
      (
        JSON.parse((await auxin(['log', '--json', '-n', '1'], { cwd: w })).stdout) as {
          id: string;
        }[]
      )[0]!.id;
    const one = await head();
    // Detached on a branch's version: leaving it loses nothing.
    expect((await auxin(['checkout', one], { cwd: w })).code).toBe(0);
    const quiet = await auxin(['checkout', 'main'], { cwd: w });
    expect(quiet.stderr).toBe('');
    expect((await auxin(['checkout', one], { cwd: w })).code).toBe(0);
    writeFileSync(`${w}/a.txt`, 'detached work');
    expect((await auxin(['commit', '-m', 'detached'], { cwd: w })).code).toBe(0);
    const detached = await head();
    const r = await auxin(['checkout', 'main'], { cwd: w });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`left version ${detached.slice(0, 12)} behind`);
    expect((await auxin(['branch', 'keep', detached], { cwd: w })).code).toBe(0);
  }, 60_000);
});
