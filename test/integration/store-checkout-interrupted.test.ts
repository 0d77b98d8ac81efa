import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/** Two versions of four files that all differ, so a checkout between them writes each one. */
async function twoVersions(w: string): Promise<void> {
  expect((await auxin(['init'], { cwd: w })).code).toBe(0);
  for (let i = 0; i < 4; i++) writeFileSync(`${w}/f${i}.wav`, noise(50_000, i + 1));
  expect((await auxin(['commit', '-m', 'one'], { cwd: w })).code).toBe(0);
  expect((await auxin(['branch', 'two'], { cwd: w })).code).toBe(0);
  expect((await auxin(['checkout', 'two'], { cwd: w })).code).toBe(0);
  for (let i = 0; i < 4; i++) writeFileSync(`${w}/f${i}.wav`, noise(50_000, i + 11));
  expect((await auxin(['commit', '-m', 'two'], { cwd: w })).code).toBe(0);
  expect((await auxin(['checkout', 'main'], { cwd: w })).code).toBe(0);
}

/** `auxin checkout REV` killed (SIGKILL, for real) after writing its second file. */
async function killedCheckout(w: string, rev: string): Promise<void> {
  const r = await auxin(['checkout', rev], {
    cwd: w,
    env: { AUXIN_TEST_CHECKOUT_KILL_AFTER: '2' },
  });
  expect(r.code).toBe(null); // killed
}

describe('a local checkout cut short', () => {
  it('is reported, blocks a commit of the mix, and plain `auxin checkout REV` finishes it', async () => {
    const w = t.dir;
    await twoVersions(w);
    await killedCheckout(w, 'two');
    const st = await auxin(['status'], { cwd: w });
    expect(st.stdout).toContain('a checkout of two was interrupted');
    const commit = await auxin(['commit', '-m', 'mix'], { cwd: w });
    expect(commit.code).toBe(1);
    expect(commit.stderr).toContain('(CHECKOUT_INTERRUPTED)');
    // Another target is refused: the folder holds neither version.
    const other = await auxin(['checkout', 'main'], { cwd: w });
    expect(other.stderr).toContain('(CHECKOUT_INTERRUPTED)');
    const done = await auxin(['checkout', 'two'], { cwd: w });
    expect(done.code, done.stderr).toBe(0);
    for (let i = 0; i < 4; i++) {
      expect(readFileSync(`${w}/f${i}.wav`).equals(noise(50_000, i + 11))).toBe(true);
    }
    const after = await auxin(['status'], { cwd: w });
    expect(after.stdout).toContain('on branch two');
    expect(after.stdout).toContain('nothing changed');
    expect((await auxin(['fsck'], { cwd: w })).code).toBe(0);
  }, 60_000);

  it('is not finished over an edit made since: that file holds neither version', async () => {
    const w = t.dir;
    await twoVersions(w);
    await killedCheckout(w, 'two');
    writeFileSync(`${w}/f3.wav`, 'my edit after the crash');
    const r = await auxin(['checkout', 'two'], { cwd: w });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('f3.wav');
    expect(r.stderr).toContain('(UNCOMMITTED_CHANGES)');
    expect(readFileSync(`${w}/f3.wav`, 'utf8')).toBe('my edit after the crash');
    // --force still gives it up, as it always did.
    expect((await auxin(['checkout', 'main', '--force'], { cwd: w })).code).toBe(0);
    expect((await auxin(['status'], { cwd: w })).stdout).toContain('nothing changed');
  }, 60_000);
});

describe('a local checkout that fails part-way', () => {
  it('says how to finish it, and the same checkout then does', async () => {
    const w = t.dir;
    await twoVersions(w);
    const r = await auxin(['checkout', 'two'], {
      cwd: w,
      env: { AUXIN_TEST_CHECKOUT_FAIL_AFTER: '2' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^auxin: ENOSPC.*; a checkout of two was interrupted: run `auxin checkout two` to finish it \(CHECKOUT_INTERRUPTED\)\n$/,
    );
    expect((await auxin(['checkout', 'two'], { cwd: w })).code).toBe(0);
    expect((await auxin(['status'], { cwd: w })).stdout).toContain('nothing changed');
  }, 60_000);
});

describe('a damaged CHECKOUT record', () => {
  it('is one CORRUPT_OBJECT line, and checkout --force gives it up', async () => {
    const w = t.dir;
    await twoVersions(w);
    writeFileSync(`${w}/.auxin/CHECKOUT`, '{"bran');
    const st = await auxin(['status'], { cwd: w });
    expect(st.stderr).toMatch(/^auxin: .*CHECKOUT is damaged.*\(CORRUPT_OBJECT\)\n$/);
    expect((await auxin(['checkout', 'main'], { cwd: w })).stderr).toContain('CORRUPT_OBJECT');
    const forced = await auxin(['checkout', 'main', '--force'], { cwd: w });
    expect(forced.code, forced.stderr).toBe(0);
    expect((await auxin(['status'], { cwd: w })).stdout).toContain('nothing changed');
  }, 60_000);
});
