import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalBytes, blake3Hex, Store, treeObjectBytes } from '../../src-main/store/index.js';
import { AuxinError } from '../../src-shared/errors.js';
import { codeOf } from '../helpers/errors.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

describe('Store on a working folder', () => {
  it('commits, logs newest first, and checks out any version', async () => {
    const w = `${t.dir}/proj`;
    mkdirSync(`${w}/Media`, { recursive: true });
    writeFileSync(`${w}/Media/a.wav`, noise(700_000, 1));
    const store = await Store.init(w);
    expect(store.root).toBe(`${w}/.auxin`);
    expect(store.head()).toEqual({ branch: 'main', commit: null });
    const c1 = await store.commit({ message: 'one', author: 'ana', metadata: { tempo: 120 } });
    writeFileSync(`${w}/Media/a.wav`, noise(700_000, 2));
    const c2 = await store.commit({ message: 'two', author: 'ben' });
    const log = await store.log(store.head().commit);
    expect(log.map((c) => c.message)).toEqual(['two', 'one']);
    expect(log[0]!.parent_ids).toEqual([c1.commit.id]);
    expect(log[1]!.metadata).toEqual({ tempo: 120 });
    expect(log[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

    await store.checkout(c1.commit.id);
    expect(readFileSync(`${w}/Media/a.wav`).equals(noise(700_000, 1))).toBe(true);
    expect(store.head()).toEqual({ branch: null, commit: c1.commit.id });
    await store.checkout('main');
    expect(readFileSync(`${w}/Media/a.wav`).equals(noise(700_000, 2))).toBe(true);
    expect(store.head()).toEqual({ branch: 'main', commit: c2.commit.id });
  });

  it('a new store makes its fan-out folders as objects need them, and reads them back', async () => {
    const w = `${t.dir}/fresh`;
    mkdirSync(w);
    writeFileSync(`${w}/a.txt`, 'take one');
    const store = await Store.init(w);
    // Not 2 x 256 folders up front: a new repository on a hub costs a few mkdirs, not 512.
    expect(readdirSync(`${store.root}/tree`)).toEqual([]);
    expect(readdirSync(`${store.root}/history`)).toEqual([]);
    const { commit } = await store.commit({ message: 'one', author: 'ana' });
    expect(readdirSync(`${store.root}/history`)).toEqual([commit.id.slice(0, 2)]);
    expect(readdirSync(`${store.root}/tree`)).toEqual([commit.tree_id.slice(0, 2)]);
    const again = Store.open(store.root);
    expect((await again.readCommit(commit.id)).tree_id).toBe(commit.tree_id);
    expect((await again.readTree(commit.tree_id)).entries.map((e) => e.path)).toEqual(['a.txt']);
  });

  it('restores a file of many read steps exactly, and refuses damaged or missing chunks whole', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(`${w}/Media`, { recursive: true });
    // Over two 8 MiB read steps of audio-like noise, with compressible text between.
    const big = Buffer.concat([noise(9_000_000, 3), Buffer.alloc(300_000, 0), noise(8_500_000, 4)]);
    writeFileSync(`${w}/Media/take.wav`, big);
    writeFileSync(`${w}/ProjectData`, Buffer.from('Region Track Fade '.repeat(20_000)));
    const store = await Store.init(w);
    const c1 = await store.commit({ message: 'one', author: 'a' });
    writeFileSync(`${w}/Media/take.wav`, 'short');
    await store.commit({ message: 'two', author: 'a' });
    await store.checkout(c1.commit.id);
    expect(readFileSync(`${w}/Media/take.wav`).equals(big)).toBe(true);
    await store.checkout('main');

    // Flip one byte inside a stored audio chunk: the size is right, the content hash is not.
    const versions = `${store.root}/versions`;
    const packs = readdirSync(versions).filter((n) => n.endsWith('.pack'));
    const largest = packs.sort(
      (a, b) => statSync(`${versions}/${b}`).size - statSync(`${versions}/${a}`).size,
    )[0]!;
    const bytes = readFileSync(`${versions}/${largest}`);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(`${versions}/${largest}`, bytes);
    const fresh = Store.open(store.root);
    expect(await codeOf(fresh.checkout(c1.commit.id))).toBe('CORRUPT_OBJECT');
    // Nothing half-written: the working file is the one before, and no temporary file is left.
    expect(readFileSync(`${w}/Media/take.wav`, 'utf8')).toBe('short');
    expect(readdirSync(`${w}/Media`)).toEqual(['take.wav']);

    for (const n of readdirSync(versions)) rmSync(`${versions}/${n}`);
    expect(await codeOf(Store.open(store.root).checkout(c1.commit.id))).toBe('MISSING_OBJECTS');
    expect(readFileSync(`${w}/Media/take.wav`, 'utf8')).toBe('short');
  });

  it('refuses to commit nothing and to overwrite changes without force', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(w);
    writeFileSync(`${w}/f`, 'a');
    const store = await Store.init(w);
    const c1 = await store.commit({ message: 'one', author: 'a' });
    expect(await codeOf(store.commit({ message: 'again', author: 'a' }))).toBe('NOTHING_TO_COMMIT');
    writeFileSync(`${w}/f`, 'b');
    await store.commit({ message: 'two', author: 'a' });
    writeFileSync(`${w}/f`, 'uncommitted');
    expect(await codeOf(store.checkout(c1.commit.id))).toBe('UNCOMMITTED_CHANGES');
    expect(readFileSync(`${w}/f`, 'utf8')).toBe('uncommitted');
    await store.checkout(c1.commit.id, { force: true });
    expect(readFileSync(`${w}/f`, 'utf8')).toBe('a');
  });

  it('discovers the store from a subfolder, and a bundle store beside the bundle', async () => {
    const b = `${t.dir}/Song.logicx`;
    mkdirSync(`${b}/Alternatives/000`, { recursive: true });
    const store = await Store.init(b);
    expect(store.root).toBe(`${t.dir}/.Song.logicx.auxin`);
    const found = Store.discover(`${b}/Alternatives/000`);
    expect(found.store.root).toBe(store.root);
    expect(found.workDir).toBe(b);
    const bare = await Store.init(`${t.dir}/hub/repo1`, { bare: true });
    expect(Store.discover(`${t.dir}/hub/repo1`).workDir).toBeNull();
    expect(bare.workDir).toBeNull();
    expect(await codeOf(Store.init(b))).toBe('ALREADY_EXISTS');
    expect(() => Store.discover(t.dir)).toThrow(/not inside an auxin project/);
  });
});

describe('Store as the hub uses it (bare)', () => {
  it('verifies chunks and objects, their references, and moves refs by CAS', async () => {
    const store = await Store.init(`${t.dir}/r`, { bare: true });
    const data = noise(5000, 3);
    const id = blake3Hex(data);
    expect(await codeOf(store.putChunk(id, Buffer.concat([data, Buffer.from('x')])))).toBe(
      'HASH_MISMATCH',
    );
    expect(await store.missingChunks([id, id])).toEqual([id]);
    // Two writers of the same chunk both succeed.
    await Promise.all([
      store.putChunk(id, data),
      store.putChunk(id, data),
      store.putChunk(id, data),
    ]);
    expect(store.hasChunk(id)).toBe(true);
    expect((await store.readChunk(id)).equals(data)).toBe(true);

    const entry = {
      path: 'f.bin',
      kind: 'file' as const,
      mode: 0o644,
      size: 5000,
      content_id: id,
      chunks: [{ id, size: 5000 }],
    };
    const tree = treeObjectBytes({ entries: [entry] });
    const missingTree = treeObjectBytes({
      entries: [{ ...entry, chunks: [{ id: 'a'.repeat(64), size: 5000 }] }],
    });
    expect(await codeOf(store.putObjectBytes('tree', missingTree.id, missingTree.bytes))).toBe(
      'MISSING_OBJECTS',
    );
    expect(
      await codeOf(
        store.putObjectBytes('tree', tree.id, Buffer.concat([tree.bytes, Buffer.from(' ')])),
      ),
    ).toBe('HASH_MISMATCH');
    const commitBody = {
      parent_ids: [],
      tree_id: tree.id,
      message: 'm',
      author: 'a',
      timestamp: '2026-01-01T00:00:00.000Z',
      metadata: {},
    };
    const cBytes = canonicalBytes(commitBody);
    const cId = blake3Hex(cBytes);
    expect(await codeOf(store.putObjectBytes('commit', cId, cBytes))).toBe('MISSING_OBJECTS');
    await store.putObjectBytes('tree', tree.id, tree.bytes);
    await store.putObjectBytes('commit', cId, cBytes);
    await store.sync();
    expect((await store.readObjectBytes('tree', tree.id)).equals(tree.bytes)).toBe(true);
    expect((await store.readCommit(cId)).tree_id).toBe(tree.id);

    const nonCanonical = Buffer.from(JSON.stringify({ ...commitBody, message: 'x' }, null, 1));
    expect(
      await codeOf(store.putObjectBytes('commit', blake3Hex(nonCanonical), nonCanonical)),
    ).toBe('VALIDATION_FAILED');

    await store.casRef('main', null, cId);
    expect(store.readRef('main')).toBe(cId);
    expect(await codeOf(store.casRef('main', null, cId))).toBe('REF_CONFLICT');
    expect(await codeOf(store.casRef('other', null, 'b'.repeat(64)))).toBe('MISSING_OBJECTS');
    expect(store.listBranches()).toEqual([{ name: 'main', commit_id: cId }]);

    const chunks: Buffer[] = [];
    for await (const piece of store.fileStream(entry, { start: 10, end: 4999 }))
      chunks.push(piece as Buffer);
    expect(Buffer.concat(chunks).equals(data.subarray(10))).toBe(true);
  });

  it('makes pending writes durable in one batch, by syncfs or by fsync of each file', async () => {
    for (const noSyncfs of [false, true]) {
      const store = await Store.init(`${t.dir}/d-${noSyncfs}`, { bare: true });
      for (let i = 0; i < 20; i++) {
        const file = `${store.root}/tmp/f${i}`;
        writeFileSync(file, noise(1000, 100 + i));
        store.objects.durability.wrote(file);
      }
      expect(store.objects.durability.pending).toBeGreaterThan(16);
      if (noSyncfs) process.env.AUXIN_NO_SYNCFS = '1';
      try {
        await store.sync();
      } finally {
        delete process.env.AUXIN_NO_SYNCFS;
      }
      expect(store.objects.durability.pending).toBe(0);
    }
  });

  it('refuses a store of another format with a clear error', async () => {
    const store = await Store.init(`${t.dir}/old`, { bare: true });
    const config = JSON.parse(readFileSync(`${store.root}/config`, 'utf8'));
    writeFileSync(`${store.root}/config`, JSON.stringify({ ...config, format: 1 }));
    let err: unknown;
    try {
      Store.open(store.root);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuxinError);
    expect((err as AuxinError).code).toBe('UNSUPPORTED_FORMAT');
    expect((err as AuxinError).message).toMatch(/format 1.*format 2/);
  });

  it('lets exactly one of many concurrent CAS moves win', async () => {
    const store = await Store.init(`${t.dir}/r`, { bare: true });
    const ids: string[] = [];
    const tree = treeObjectBytes({ entries: [] });
    await store.putObjectBytes('tree', tree.id, tree.bytes);
    for (let i = 0; i < 8; i++) {
      const b = canonicalBytes({
        parent_ids: [],
        tree_id: tree.id,
        message: `m${i}`,
        author: 'a',
        timestamp: '2026-01-01T00:00:00Z',
        metadata: {},
      });
      ids.push(blake3Hex(b));
      await store.putObjectBytes('commit', ids[i]!, b);
    }
    const results = await Promise.allSettled(ids.map((id) => store.casRef('main', null, id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(ids).toContain(store.readRef('main'));
  });
});
