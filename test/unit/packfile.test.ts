import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blake3Hex, Store } from '../../src-main/store/index.js';
import { decodeIndex, encodeIndex } from '../../src-main/store/packfile.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

const id = (n: number) => blake3Hex(Buffer.from([n]));

describe('pack index files', () => {
  it('round-trip sorted, and refuse damage with a reason', () => {
    const entries = [
      { id: id(1), offset: 44, length: 10, size: 9 },
      { id: id(2), offset: 90, length: 20, size: 300 },
    ];
    const buf = encodeIndex(entries, 200);
    const back = decodeIndex(buf);
    expect(back.packSize).toBe(200);
    expect(back.entries).toEqual([...entries].sort((a, b) => (a.id < b.id ? -1 : 1)));

    const flipped = Buffer.from(buf);
    flipped[30]! ^= 1;
    expect(() => decodeIndex(flipped)).toThrow(/checksum/);
    expect(() => decodeIndex(buf.subarray(0, buf.length - 1))).toThrow(/length/);
    expect(() => decodeIndex(Buffer.from('hello world, not an index at all..........'))).toThrow(
      /not a pack index/,
    );
    // An entry pointing past the pack's end is refused even with a valid checksum.
    expect(() => decodeIndex(encodeIndex(entries, 100))).toThrow(/outside/);
  });
});

describe('packs in a store', () => {
  it('are found by another Store on the same folder, and written side by side', async () => {
    const a = await Store.init(`${t.dir}/bare`, { bare: true });
    const b = Store.open(a.root);
    expect(await b.missingChunks([id(9)])).toEqual([id(9)]); // b has loaded its (empty) view
    const datas = Array.from({ length: 12 }, (_, i) => noise(5000 + i * 1000, 40 + i));
    const w = a.chunkWriter();
    // Concurrent adds into one writer: every record lands whole at its own offset.
    expect(await Promise.all(datas.map((d) => w.add(blake3Hex(d), d)))).toEqual(
      datas.map(() => true),
    );
    expect(await w.add(blake3Hex(datas[0]!), datas[0]!)).toBe(false); // already in this pack
    await w.seal();
    expect(readdirSync(`${a.root}/versions`).sort()).toHaveLength(2); // one .pack, one .idx
    expect(readdirSync(`${a.root}/tmp`)).toEqual([]);
    for (const d of datas) expect((await b.readChunk(blake3Hex(d))).equals(d)).toBe(true);
    expect(await b.missingChunks(datas.map((d) => blake3Hex(d)))).toEqual([]);
  });

  it('keep records larger than a write batch whole, between small ones', async () => {
    const s = await Store.init(`${t.dir}/bare`, { bare: true });
    const datas = [noise(3000, 1), noise(2_500_000, 2), noise(700_000, 3), noise(900_000, 4)];
    const w = s.chunkWriter();
    await Promise.all(datas.map((d) => w.add(blake3Hex(d), d)));
    await w.seal();
    const ids = datas.map((d) => blake3Hex(d));
    const got: Buffer[] = [];
    for await (const [, b] of Store.open(s.root).readChunks(ids)) got.push(b);
    expect(got.map((b) => blake3Hex(b))).toEqual(ids);
    expect((await s.fsck()).ok).toBe(true);
  });

  it('hand out chunks as stored, read into the caller arena while they fit', async () => {
    const s = await Store.init(`${t.dir}/bare`, { bare: true });
    const text = Buffer.from('Track 7 Region Audio Fade '.repeat(400));
    const datas = [noise(40_000, 5), text, noise(60_000, 6), noise(90_000, 7)];
    const w = s.chunkWriter();
    for (const d of datas) await w.add(blake3Hex(d), d);
    await w.seal();
    const ids = datas.map((d) => blake3Hex(d));
    const fresh = Store.open(s.root);
    for (const size of [1 << 20, 50_000]) {
      const arena = Buffer.alloc(size);
      const got: [string, Buffer][] = [];
      for await (const [i, b] of fresh.readStoredChunks(ids, arena)) got.push([i, Buffer.from(b)]);
      expect(got.map(([i]) => i)).toEqual(ids);
      // Audio-like noise stays raw (format 0); the text is kept DEFLATEd (format 1).
      expect(got.map(([, b]) => b[0])).toEqual([0, 1, 0, 0]);
      expect(got[0]![1].subarray(1).equals(datas[0]!)).toBe(true);
      expect(inflateRawSync(got[1]![1].subarray(1)).equals(text)).toBe(true);
      // Into the arena when the run fits (the one-run case), else into buffers of its own.
      expect(arena.subarray(1, 100).equals(datas[0]!.subarray(0, 99))).toBe(size > 50_000);
    }
  });

  it('store a verified DEFLATE as it came, when it saves 10 %', async () => {
    const s = await Store.init(`${t.dir}/bare`, { bare: true });
    const text = Buffer.from('Tempo 120 Key C minor '.repeat(300));
    const tiny = noise(4000, 8);
    const w = s.chunkWriter();
    const z = deflateRawSync(text, { level: 9 });
    expect(await w.add(blake3Hex(text), text, z)).toBe(true);
    // A DEFLATE that does not pay is dropped: the chunk is stored raw.
    expect(await w.add(blake3Hex(tiny), tiny, deflateRawSync(tiny))).toBe(true);
    // The hash is still checked against the raw bytes.
    await expect(w.add(id(3), text, z)).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    await w.seal();
    const stored: Buffer[] = [];
    for await (const [, b] of s.readStoredChunks([blake3Hex(text), blake3Hex(tiny)])) {
      stored.push(Buffer.from(b));
    }
    expect(stored[0]!.equals(Buffer.concat([Buffer.of(1), z]))).toBe(true);
    expect(stored[1]!.equals(Buffer.concat([Buffer.of(0), tiny]))).toBe(true);
    expect((await s.readChunk(blake3Hex(text))).equals(text)).toBe(true);
    expect((await s.fsck()).ok).toBe(true);
  });

  it('take a chunk in the pieces it arrived in, verified, kept raw as sent when told so', async () => {
    const s = await Store.init(`${t.dir}/bare`, { bare: true });
    const text = Buffer.from('Tempo 120 Key C minor '.repeat(300));
    const pieces = [text.subarray(0, 1000), text.subarray(1000, 4000), text.subarray(4000)];
    const other = Buffer.from('Tempo 98 Key A minor '.repeat(300));
    const otherPieces = [other.subarray(0, 10), other.subarray(10)];
    const w = s.chunkWriter();
    // 'raw': the sender's store keeps it raw, so it is stored raw, even though it compresses.
    expect(await w.add(blake3Hex(text), pieces, 'raw')).toBe(true);
    // Without a form it gets the store's own rule: compressed, since it pays.
    expect(await w.add(blake3Hex(other), otherPieces)).toBe(true);
    // The hash is taken over all the pieces: one wrong byte in the last is refused.
    const bad = [...pieces.slice(0, 2), Buffer.concat([pieces[2]!.subarray(1), Buffer.of(0)])];
    await expect(w.add(blake3Hex(Buffer.from('x')), pieces, 'raw')).rejects.toMatchObject({
      code: 'HASH_MISMATCH',
    });
    await expect(w.add(id(9), bad, 'raw')).rejects.toMatchObject({ code: 'HASH_MISMATCH' });
    await w.seal();
    const stored: Buffer[] = [];
    for await (const [, b] of s.readStoredChunks([blake3Hex(text), blake3Hex(other)])) {
      stored.push(Buffer.from(b));
    }
    expect(stored[0]!.equals(Buffer.concat([Buffer.of(0), text]))).toBe(true);
    expect(stored[1]![0]).toBe(1);
    expect((await s.readChunk(blake3Hex(other))).equals(other)).toBe(true);
    expect(await s.missingChunks([id(9)])).toEqual([id(9)]);
    expect((await s.fsck()).ok).toBe(true);
  });

  it('take back a refused chunk of small pieces: what comes after it is stored whole', async () => {
    const s = await Store.init(`${t.dir}/bare`, { bare: true });
    const w = s.chunkWriter();
    // As a socket delivers them: 1448-byte pieces; one chunk in a batch, one larger than it.
    const inPieces = (b: Buffer) => {
      const out: Buffer[] = [];
      for (let o = 0; o < b.length; o += 1448) out.push(b.subarray(o, o + 1448));
      return out;
    };
    const pairs: [Buffer, Buffer][] = [
      [noise(300_000, 1), noise(300_000, 2)],
      [noise(1_500_000, 3), noise(1_500_000, 4)],
    ];
    for (const [good, bad] of pairs) {
      const wrong = Buffer.from(bad);
      wrong[wrong.length - 1]! ^= 1;
      await expect(w.add(blake3Hex(bad), inPieces(wrong), 'raw')).rejects.toMatchObject({
        code: 'HASH_MISMATCH',
      });
      expect(await w.add(blake3Hex(good), inPieces(good), 'raw')).toBe(true);
    }
    await w.seal();
    for (const [good, bad] of pairs) {
      expect((await s.readChunk(blake3Hex(good))).equals(good)).toBe(true);
      expect(await s.missingChunks([blake3Hex(bad)])).toEqual([blake3Hex(bad)]);
    }
    expect((await s.fsck()).ok).toBe(true);
  });

  it('refuse a chunk whose bytes do not match its id, writing nothing', async () => {
    const s = await Store.init(`${t.dir}/bare`, { bare: true });
    const w = s.chunkWriter();
    await expect(w.add(id(1), Buffer.from('other bytes'))).rejects.toMatchObject({
      code: 'HASH_MISMATCH',
    });
    await w.seal();
    expect(readdirSync(`${s.root}/versions`)).toEqual([]);
    expect(readdirSync(`${s.root}/tmp`)).toEqual([]);
  });

  it('fsck names a damaged index and the files whose chunks it held', async () => {
    const w = `${t.dir}/p`;
    const { mkdirSync } = await import('node:fs');
    mkdirSync(w);
    writeFileSync(`${w}/take.wav`, noise(200_000, 3));
    const store = await Store.init(w);
    const c = await store.commit({ message: 'm', author: 'a' });
    expect((await store.fsck()).ok).toBe(true);
    const idx = readdirSync(`${store.root}/versions`).find((n) => n.endsWith('.idx'))!;
    const bytes = readFileSync(`${store.root}/versions/${idx}`);
    bytes[40]! ^= 0xff;
    writeFileSync(`${store.root}/versions/${idx}`, bytes);
    const report = await Store.open(store.root).fsck();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ kind: 'pack', id: idx.slice(0, -4) }),
    );
    const chunk = report.problems.find((p) => p.kind === 'chunk')!;
    expect(chunk.problem).toBe('missing');
    expect(chunk.uses).toEqual([{ path: 'take.wav', commits: [c.commit.id] }]);
  });
});
