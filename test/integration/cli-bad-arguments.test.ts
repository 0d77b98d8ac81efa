import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

async function project(): Promise<string> {
  const w = t.dir;
  expect((await auxin(['init'], { cwd: w })).code).toBe(0);
  writeFileSync(`${w}/a.txt`, 'one');
  expect((await auxin(['commit', '-m', 'one'], { cwd: w })).code).toBe(0);
  return w;
}

describe('local commands refuse bad arguments with one line and a stable code', () => {
  it('a number option that is not a number is refused, not read as "no limit"', async () => {
    const w = await project();
    for (const args of [
      ['log', '-n', 'abc'],
      ['log', '-n', '1.5'],
      ['gc', '--grace', 'abc'],
      ['gc', '--grace=-5'],
    ]) {
      const r = await auxin(args, { cwd: w });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(/^auxin: .*\(INVALID_ARGUMENT\)\n$/);
    }
    expect((await auxin(['log', '-n', '1'], { cwd: w })).stdout).toContain('one');
    expect((await auxin(['log'], { cwd: w })).stdout).toContain('one');
    expect((await auxin(['gc', '--grace', '0'], { cwd: w })).code).toBe(0);
  });

  it('deleting a branch that does not exist is NOT_FOUND, not a raw ENOENT', async () => {
    const w = await project();
    const r = await auxin(['branch', '--delete', 'nosuch'], { cwd: w });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('auxin: no branch nosuch (NOT_FOUND)\n');
  });

  it('a word beyond what a command takes is refused, not dropped', async () => {
    const w = await project();
    writeFileSync(`${w}/a.txt`, 'two');
    for (const args of [
      ['commit', '-m', 'fix', 'the', 'bug'],
      ['status', 'extra'],
      ['log', 'HEAD', 'extra'],
      ['show', 'HEAD', 'extra'],
      ['fsck', 'extra'],
      ['stats', 'extra'],
      ['gc', 'extra'],
      ['branch', 'b', 'HEAD', 'extra'],
      ['init', 'x', 'y'],
    ]) {
      const r = await auxin(args, { cwd: w });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain("unexpected argument '");
      expect(r.stderr, args.join(' ')).toContain('(INVALID_ARGUMENT)');
    }
    // Nothing was committed under a cut-short message.
    expect((await auxin(['log', '-n', '1'], { cwd: w })).stdout).toContain('one');
    expect((await auxin(['commit', '-m', 'fix the bug'], { cwd: w })).code).toBe(0);
  });
});
