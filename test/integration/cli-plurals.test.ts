/** Counts read right in every store command's summary (issue #19, section 5): "1 file", "2 files". */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ok } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const work = tempDir('auxin-plurals-');
afterAll(() => work.cleanup());

describe('plurals', () => {
  it('says "1 file", "1 version", "1 branch" and "0 chunks"', async () => {
    const dir = path.join(work.dir, 'Song');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'one file');
    await ok(['init'], { cwd: dir });
    const commit = (await ok(['commit', '-m', 'one'], { cwd: dir })).stdout;
    expect(commit).toMatch(/^1 file, .*; read 1 file, stored .* new in 1 chunk$/m);
    expect((await ok(['stats'], { cwd: dir })).stdout).toMatch(/^1 version, 1 branch, 1 chunk$/m);
    expect((await ok(['fsck'], { cwd: dir })).stdout).toMatch(
      /^checked 1 commit, 1 tree, 1 chunk /m,
    );
    expect((await ok(['gc'], { cwd: dir })).stdout).toMatch(
      /^removed 0 chunks, 0 trees, 0 commits \(.*\); kept 1 chunk$/m,
    );
    fs.writeFileSync(path.join(dir, 'more.txt'), 'a second file');
    const two = (await ok(['commit', '-m', 'two'], { cwd: dir })).stdout;
    expect(two).toMatch(/^2 files, /m);
    expect((await ok(['stats'], { cwd: dir })).stdout).toMatch(/^2 versions, 1 branch, 2 chunks$/m);
  });
});
