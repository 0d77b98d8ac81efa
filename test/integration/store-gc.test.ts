import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

describe('gc and stats', () => {
  it('removes only what no branch reaches, and reports dedup', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(w);
    writeFileSync(`${w}/shared.wav`, noise(600_000, 1));
    const store = await Store.init(w);
    await store.commit({ message: 'base', author: 'a' });
    await store.casRef('side', null, store.head().commit!);
    await store.checkout('side');
    writeFileSync(`${w}/side-only.wav`, noise(300_000, 2));
    const sideCommit = await store.commit({ message: 'side', author: 'a' });
    await store.checkout('main', { force: true });
    const sideTree = await store.readTree(sideCommit.commit.tree_id);
    const sideChunks = sideTree.entries
      .find((e) => e.path === 'side-only.wav')!
      .chunks!.map((c) => c.id);

    const before = await store.stats();
    expect(before.logical_bytes).toBe(600_000 + 600_000 + 300_000);
    expect(before.dedup_ratio).toBeGreaterThan(1.4);

    let r = await store.gc();
    expect(r.removed.chunks).toBe(0);
    await store.deleteBranch('side', sideCommit.commit.id);
    r = await store.gc();
    expect(r.removed.chunks).toBe(sideChunks.length);
    expect(r.removed.commits).toBe(1);
    for (const id of sideChunks) expect(store.hasChunk(id)).toBe(false);
    expect((await store.fsck()).ok).toBe(true);
    expect((await store.stats()).logical_bytes).toBe(600_000);
  });

  it('keeps young unreachable chunks in a bare store (a push may be in flight)', async () => {
    const store = await Store.init(`${t.dir}/bare`, { bare: true });
    const data = noise(1000, 4);
    const { blake3Hex } = await import('../../src-main/store/index.js');
    await store.putChunk(blake3Hex(data), data);
    expect((await store.gc()).removed.chunks).toBe(0);
    expect((await store.gc({ graceMs: 0 })).removed.chunks).toBe(1);
  });

  it('ignores, then clears, temporary files left by a killed writer', async () => {
    const store = await Store.init(`${t.dir}/bare`, { bare: true });
    const left = `${store.root}/versions/ab/.tmp-123-1-abc`;
    writeFileSync(left, 'half a chunk');
    expect((await store.fsck()).ok).toBe(true);
    expect((await store.gc({ graceMs: 0 })).removed.tmp).toBe(0); // young: may be in flight
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(left, old, old);
    expect((await store.gc({ graceMs: 0 })).removed.tmp).toBe(1);
    expect(existsSync(left)).toBe(false);
  });
});
