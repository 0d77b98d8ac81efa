import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blake3Hex, canonicalBytes, Store } from '../../src-main/store/index.js';
import { finishPendingCheckout } from '../../src-main/store/transition.js';
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
    await store.putChunk(blake3Hex(data), data);
    expect((await store.gc()).removed.chunks).toBe(0);
    expect((await store.gc({ graceMs: 0 })).removed.chunks).toBe(1);
  });

  it('repacks a pack holding live and dead chunks, keeping the live ones readable', async () => {
    const store = await Store.init(`${t.dir}/bare`, { bare: true });
    const live = noise(70_000, 5);
    const dead = noise(90_000, 6);
    const liveId = blake3Hex(live);
    const pack = store.chunkWriter();
    await pack.add(liveId, live);
    await pack.add(blake3Hex(dead), dead);
    await pack.seal();
    const tree = canonicalBytes({
      entries: [
        {
          path: 'a.wav',
          kind: 'file',
          mode: 0o644,
          size: live.length,
          content_id: liveId,
          chunks: [{ id: liveId, size: live.length }],
        },
      ],
    });
    await store.putObjectBytes('tree', blake3Hex(tree), tree);
    const commit = canonicalBytes({
      author: 'a',
      message: 'm',
      metadata: {},
      parent_ids: [],
      timestamp: new Date().toISOString(),
      tree_id: blake3Hex(tree),
    });
    await store.putObjectBytes('commit', blake3Hex(commit), commit);
    await store.casRef('main', null, blake3Hex(commit));
    const packsBefore = readdirSync(`${store.root}/versions`).filter((n) => n.endsWith('.pack'));
    const r = await store.gc({ graceMs: 0 });
    expect(r.removed.chunks).toBe(1);
    const packsAfter = readdirSync(`${store.root}/versions`).filter((n) => n.endsWith('.pack'));
    expect(packsAfter).toHaveLength(1);
    expect(packsAfter[0]).not.toBe(packsBefore[0]);
    expect(store.hasChunk(blake3Hex(dead))).toBe(false);
    expect((await store.readChunk(liveId)).equals(live)).toBe(true);
    // Another process's view (a fresh Store) finds the chunk in its new pack.
    expect((await Store.open(store.root).readChunk(liveId)).equals(live)).toBe(true);
    expect((await store.fsck()).ok).toBe(true);
  });

  it('ignores, then clears, temporary files left by a killed writer', async () => {
    const store = await Store.init(`${t.dir}/bare`, { bare: true });
    // A pack still being written (tmp/) and one renamed whose index never followed.
    const left = [
      `${store.root}/tmp/pack-123-1-abc`,
      `${store.root}/versions/${'ab'.repeat(16)}.pack`,
    ];
    for (const f of left) writeFileSync(f, 'half a pack');
    expect((await store.fsck()).ok).toBe(true);
    expect((await store.gc({ graceMs: 0 })).removed.tmp).toBe(0); // young: may be in flight
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    for (const f of left) utimesSync(f, old, old);
    expect((await store.gc({ graceMs: 0 })).removed.tmp).toBe(2);
    for (const f of left) expect(existsSync(f)).toBe(false);
  });

  it('keeps a pack whose index was lost while a version still needs its chunks', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(w);
    writeFileSync(`${w}/take.wav`, noise(400_000, 8));
    const store = await Store.init(w);
    await store.commit({ message: 'v1', author: 'a' });
    const [pack] = readdirSync(`${store.root}/versions`).filter((n) => n.endsWith('.pack'));
    const packPath = `${store.root}/versions/${pack}`;
    const idxPath = packPath.replace(/\.pack$/, '.idx');
    const saved = `${t.dir}/saved.idx`;
    renameSync(idxPath, saved);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(packPath, old, old);
    const fresh = Store.open(store.root);
    expect((await fresh.fsck()).ok).toBe(false);
    await fresh.gc();
    // The chunks' only copy is still there: putting the index back repairs the store.
    expect(existsSync(packPath)).toBe(true);
    renameSync(saved, idxPath);
    expect((await Store.open(store.root).fsck()).ok).toBe(true);
  });

  it('keeps the version an interrupted pull was writing, so the pull can still finish', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(w);
    writeFileSync(`${w}/take.wav`, noise(300_000, 9));
    const store = await Store.init(w);
    const v1 = (await store.commit({ message: 'v1', author: 'a' })).commit.id;
    // v2 as a pull leaves it when cut short: stored, named by CHECKOUT, on no branch yet.
    await store.casRef('side', null, v1);
    await store.checkout('side');
    writeFileSync(`${w}/take.wav`, noise(300_000, 10));
    const v2 = (await store.commit({ message: 'v2', author: 'b' })).commit.id;
    await store.checkout('main', { force: true });
    await store.deleteBranch('side', v2);
    writeFileSync(`${store.root}/CHECKOUT`, JSON.stringify({ branch: 'main', from: v1, to: v2 }));
    await store.gc();
    expect((await store.fsck()).ok).toBe(true);
    expect(await finishPendingCheckout(store, w)).not.toBeNull();
    expect(store.readRef('main')).toBe(v2);
    expect(readFileSync(`${w}/take.wav`).equals(noise(300_000, 10))).toBe(true);
  });
});
