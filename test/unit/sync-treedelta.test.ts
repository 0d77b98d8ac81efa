import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blake3Hex, canonicalBytes, Store } from '../../src-main/store/index.js';
import { expandTreeDelta, treeRecord } from '../../src-main/sync/treedelta.js';
import type { SyncTree } from '../../src-main/sync/store-port.js';
import { codeOf } from '../helpers/errors.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/** Two versions of a small project: one file changed, one deleted, one added. */
async function twoVersions() {
  const w = `${t.dir}/proj`;
  mkdirSync(`${w}/Media`, { recursive: true });
  mkdirSync(`${w}/Alternatives/000`, { recursive: true });
  for (let i = 0; i < 30; i++) writeFileSync(`${w}/Media/take ${i}.wav`, noise(20_000, i + 1));
  writeFileSync(`${w}/Alternatives/000/ProjectData`, noise(50_000, 99));
  const store = await Store.init(w);
  const c1 = await store.commit({ message: 'one', author: 'ana' });
  writeFileSync(`${w}/Alternatives/000/ProjectData`, noise(50_001, 98));
  rmSync(`${w}/Media/take 3.wav`);
  writeFileSync(`${w}/Media/take new.wav`, noise(30_000, 77));
  const c2 = await store.commit({ message: 'two', author: 'ana' });
  return { store, base: c1.commit.tree_id, tree: c2.commit.tree_id };
}

/** Just enough of a store for expandTreeDelta: one base tree. */
function oneTree(tree: SyncTree) {
  const id = blake3Hex(canonicalBytes(tree));
  return { id, store: { hasTree: (x: string) => x === id, readTree: () => tree } };
}

const file = (path: string, n: number) => {
  const c = blake3Hex(Buffer.from(String(n)));
  return { path, kind: 'file', mode: 0o644, size: 1, content_id: c, chunks: [{ id: c, size: 1 }] };
};
const payload = (base: string, delta: unknown) =>
  Buffer.concat([Buffer.from(base, 'hex'), Buffer.from(JSON.stringify(delta))]);

describe('tree deltas (pack record type 5)', () => {
  it('describe a new tree by what changed, and rebuild its exact bytes', async () => {
    const { store, base, tree } = await twoVersions();
    const full = await store.readObjectBytes('tree', tree);
    const rec = await treeRecord(store, tree, base);
    expect(rec.kind).toBe('tree-delta');
    expect(rec.id).toBe(tree);
    expect(rec.bytes.length).toBeLessThan(full.length / 3);
    const delta = JSON.parse(rec.bytes.subarray(32).toString()) as {
      remove: string[];
      put: { path: string }[];
    };
    expect(delta.remove).toEqual(['Media/take 3.wav']);
    expect(delta.put.map((e) => e.path).sort()).toEqual([
      'Alternatives/000/ProjectData',
      'Media/take new.wav',
    ]);
    const rebuilt = await expandTreeDelta(store, rec.bytes);
    expect(rebuilt.equals(full)).toBe(true);
    expect(blake3Hex(rebuilt)).toBe(tree);
  });

  it('send the whole tree without a base, against itself, or when the delta is not smaller', async () => {
    const { store, base, tree } = await twoVersions();
    expect((await treeRecord(store, tree, null)).kind).toBe('tree');
    expect((await treeRecord(store, tree, tree)).kind).toBe('tree');
    expect((await treeRecord(store, tree, base)).kind).toBe('tree-delta');
    // A one-entry tree against a 30-entry base: the delta removes 30 paths, the tree is smaller.
    const w = `${t.dir}/proj`;
    for (const f of ['Media', 'Alternatives']) rmSync(`${w}/${f}`, { recursive: true });
    writeFileSync(`${w}/a`, 'x');
    const c3 = await store.commit({ message: 'three', author: 'ana' });
    expect((await treeRecord(store, c3.commit.tree_id, tree)).kind).toBe('tree');
  });

  it('refuse hostile deltas with a code, before anything is stored', async () => {
    const { id, store } = oneTree({ entries: [file('a', 1), file('b', 2)] });
    const ok = await expandTreeDelta(store, payload(id, { remove: ['a'], put: [file('c', 3)] }));
    expect(JSON.parse(ok.toString()).entries.map((e: { path: string }) => e.path)).toEqual([
      'b',
      'c',
    ]);
    const other = blake3Hex(Buffer.from('not a tree'));
    const cases: [Buffer, string][] = [
      [Buffer.alloc(10), 'MALFORMED_PACK'], // no room for the base id
      [Buffer.concat([Buffer.from(id, 'hex'), Buffer.from('{"remove": [')]), 'MALFORMED_PACK'],
      [payload(id, { remove: [], put: [], extra: 1 }), 'MALFORMED_PACK'],
      [payload(id, { remove: [], put: [{ path: 'x', kind: 'file' }] }), 'MALFORMED_PACK'],
      [payload(id, { remove: ['nope'], put: [] }), 'MALFORMED_PACK'],
      [payload(id, { remove: ['a', 'a'], put: [] }), 'MALFORMED_PACK'],
      [payload(id, { remove: [], put: [file('c', 3), file('c', 4)] }), 'MALFORMED_PACK'],
      [payload(other, { remove: [], put: [] }), 'MISSING_OBJECTS'],
    ];
    for (const [p, code] of cases) expect(await codeOf(expandTreeDelta(store, p))).toBe(code);
    const many = { remove: [], put: Array.from({ length: 50 }, (_, i) => file(`f${i}`, i)) };
    expect(await codeOf(expandTreeDelta(store, payload(id, many), 4096))).toBe('PAYLOAD_TOO_LARGE');
  });
});
