import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Cutter } from '../../src-main/store/chunker.js';
import { ObjectFiles } from '../../src-main/store/objects.js';
import { scanWorkDir } from '../../src-main/store/scan.js';
import { snapshotEntries } from '../../src-main/store/snapshot.js';
import { Store } from '../../src-main/store/store.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

describe('snapshot: worker and in-thread paths', () => {
  it('produce the same entries and the same stored chunks', async () => {
    const w = `${t.dir}/w`;
    mkdirSync(`${w}/sub`, { recursive: true });
    writeFileSync(`${w}/a.wav`, noise(3_000_000, 1));
    writeFileSync(`${w}/sub/b.wav`, Buffer.concat([noise(1_000_000, 2), noise(1_000_000, 1)]));
    writeFileSync(`${w}/empty`, '');
    const scan = await scanWorkDir(w);
    const results = [];
    for (const worker of [false, true]) {
      const store = await Store.init(`${t.dir}/s-${worker}`, { bare: true });
      const objects = new ObjectFiles(store.root);
      const r = await snapshotEntries(w, scan.entries, null, objects, new Cutter(), {
        startNs: 0n,
        worker,
      });
      for (const e of r.entries)
        for (const c of e.chunks ?? []) expect(store.hasChunk(c.id)).toBe(true);
      expect(objects.durability.pending).toBeGreaterThan(0);
      results.push(r);
    }
    expect(results[1]!.entries).toEqual(results[0]!.entries);
    expect(results[1]!.stats).toEqual(results[0]!.stats);
    // The second copy of a.wav's first megabyte inside b.wav is not stored twice.
    expect(results[0]!.stats.newBytes).toBeLessThan(5_000_000);
  });
});

describe('chunk files', () => {
  it('compress what shrinks, keep audio raw, and the worker writes the same bytes', async () => {
    const { encodeChunk, decodeChunk, sampleEntropy, ENTROPY_LIMIT } =
      await import('../../src-main/store/chunkcodec.js');
    const audio = noise(200_000, 5);
    const silence = Buffer.alloc(200_000);
    const text = Buffer.from('<key>Tempo</key><real>120</real>\n'.repeat(5000));
    expect(sampleEntropy(audio)).toBeGreaterThan(ENTROPY_LIMIT);
    expect(encodeChunk(audio)[0]).toBe(0);
    expect(encodeChunk(silence)[0]).toBe(1);
    expect(encodeChunk(text).length).toBeLessThan(text.length / 4);
    for (const b of [audio, silence, text, Buffer.alloc(0), Buffer.from('x')]) {
      expect(decodeChunk(encodeChunk(b)).equals(b)).toBe(true);
    }
    // The worker's copy of the rule stores identical files.
    const w = `${t.dir}/w`;
    mkdirSync(w);
    writeFileSync(`${w}/a`, Buffer.concat([audio, silence, text]));
    const scan = await scanWorkDir(w);
    const files: Buffer[][] = [];
    for (const worker of [false, true]) {
      const store = await Store.init(`${t.dir}/c-${worker}`, { bare: true });
      const objects = new ObjectFiles(store.root);
      const r = await snapshotEntries(w, scan.entries, null, objects, new Cutter(), {
        startNs: 0n,
        worker,
      });
      const stored: Buffer[] = [];
      for (const c of r.entries[0]!.chunks!) stored.push(await objects.chunks.storedBytes(c.id));
      files.push(stored);
    }
    expect(files[1]).toEqual(files[0]);
    expect(files[0]!.some((f) => f[0] === 1)).toBe(true);
  });
});

describe('a file that vanishes between the scan and its reading', () => {
  it('is left out of the version instead of failing the commit', async () => {
    for (const worker of [false, true]) {
      const w = `${t.dir}/v-${worker}`;
      mkdirSync(w);
      writeFileSync(`${w}/keep.wav`, noise(100_000, 1));
      writeFileSync(`${w}/gone.wav`, noise(100_000, 2));
      const scan = await scanWorkDir(w);
      const { rmSync } = await import('node:fs');
      rmSync(`${w}/gone.wav`);
      const store = await Store.init(`${t.dir}/s-v-${worker}`, { bare: true });
      const r = await snapshotEntries(
        w,
        scan.entries,
        null,
        new ObjectFiles(store.root),
        new Cutter(),
        {
          startNs: 0n,
          worker,
        },
      );
      expect(r.entries.map((e) => e.path)).toEqual(['keep.wav']);
    }
  });
});
