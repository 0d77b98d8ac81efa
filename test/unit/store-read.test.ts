import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { AuxinError } from '../../src-shared/errors.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

async function collect(s: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const p of s) parts.push(p as Buffer);
  return Buffer.concat(parts);
}

describe('reading stored files', () => {
  it('streams whole files and inclusive byte ranges across chunk boundaries', async () => {
    const w = `${t.dir}/w`;
    mkdirSync(w);
    const data = noise(1_500_000, 11);
    writeFileSync(`${w}/f.wav`, data);
    const store = await Store.init(w);
    const c = await store.commit({ message: 'm', author: 'a' });
    const entry = (await store.readTree(c.commit.tree_id)).entries.find((e) => e.path === 'f.wav')!;
    expect(entry.chunks!.length).toBeGreaterThan(3);
    expect((await collect(store.fileStream(entry))).equals(data)).toBe(true);
    const first = entry.chunks![0]!.size;
    for (const [start, end] of [
      [0, 0],
      [first - 1, first],
      [first, first],
      [12345, 1_234_567],
      [data.length - 1, data.length - 1],
    ] as [number, number][]) {
      expect(
        (await collect(store.fileStream(entry, { start, end }))).equals(
          data.subarray(start, end + 1),
        ),
      ).toBe(true);
    }
    expect(() => store.fileStream(entry, { start: 10, end: data.length })).toThrow(AuxinError);
    expect(() => store.fileStream(entry, { start: 10, end: 9 })).toThrow(/bad range/);
  });

  it('does not read unchanged files again (size, mtime, inode cache)', async () => {
    const w = `${t.dir}/w`;
    mkdirSync(w);
    const past = new Date(Date.now() - 60_000);
    for (let i = 0; i < 5; i++) {
      writeFileSync(`${w}/t${i}.wav`, noise(200_000, i + 1));
      utimesSync(`${w}/t${i}.wav`, past, past);
    }
    // utimes sets ctime to now: a commit within the 50 ms racy window would rightly distrust it.
    await new Promise((r) => setTimeout(r, 100));
    const store = await Store.init(w);
    const first = await store.commit({ message: 'one', author: 'a' });
    expect(first.stats.filesRead).toBe(5);
    const again = await store.commit({ message: 'two', author: 'a', allowEmpty: true });
    expect(again.stats.filesRead).toBe(0);
    expect(again.commit.tree_id).toBe(first.commit.tree_id);
    // Same size, new content, new mtime: read again and seen as changed.
    writeFileSync(`${w}/t2.wav`, noise(200_000, 99));
    const third = await store.commit({ message: 'three', author: 'a' });
    expect(third.stats.filesRead).toBe(1);
    expect(third.commit.tree_id).not.toBe(first.commit.tree_id);
  });

  it('resolves revisions: branch, HEAD~N, unique prefixes', async () => {
    const w = `${t.dir}/w`;
    mkdirSync(w);
    const store = await Store.init(w);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      writeFileSync(`${w}/f`, `v${i}`);
      ids.push((await store.commit({ message: `m${i}`, author: 'a' })).commit.id);
    }
    expect(await store.resolve('main')).toBe(ids[2]);
    expect(await store.resolve('HEAD~2')).toBe(ids[0]);
    expect(await store.resolve(ids[1]!.slice(0, 8))).toBe(ids[1]);
    await expect(store.resolve('HEAD~3')).rejects.toThrow(/shorter/);
    await expect(store.resolve('nope')).rejects.toThrow(/unknown revision/);
    expect((await store.log(ids[2]!, 2)).map((c) => c.id)).toEqual([ids[2], ids[1]]);
    // git's parent suffixes, chained: ^ (first parent), ^0 (itself), ~ alone (~1).
    expect(await store.resolve('HEAD^')).toBe(ids[1]);
    expect(await store.resolve('HEAD^^')).toBe(ids[0]);
    expect(await store.resolve('main~')).toBe(ids[1]);
    expect(await store.resolve('main~1^1')).toBe(ids[0]);
    expect(await store.resolve(`${ids[2]!.slice(0, 8)}^0`)).toBe(ids[2]);
    await expect(store.resolve('HEAD^2')).rejects.toThrow(/has no parent 2/);
    await expect(store.resolve('HEAD~x')).rejects.toThrow(/unknown revision 'HEAD~x'/);
    // A suffix with nothing before it says what to put there, not "unknown revision ''".
    await expect(store.resolve('~1')).rejects.toThrow(/unknown revision '~1': .*e\.g\. HEAD~1/);
  });
});
