import { describe, expect, it } from 'vitest';
import { chunkBuffer, Cutter, DEFAULT_CHUNK_PARAMS } from '../../src-main/store/chunker.js';
import { blake3Hex } from '../../src-main/store/hash.js';
import { noise } from '../helpers/tmp.js';

function chunkIds(data: Buffer, cutter: Cutter): string[] {
  const ids: string[] = [];
  let pos = 0;
  for (const size of chunkBuffer(data, cutter)) {
    ids.push(blake3Hex(data.subarray(pos, pos + size)));
    pos += size;
  }
  return ids;
}

describe('FastCDC chunker', () => {
  const cutter = new Cutter();
  const data = noise(8 * 1024 * 1024, 42);

  it('cuts within min and max and covers every byte', () => {
    const sizes = chunkBuffer(data, cutter);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(data.length);
    for (const s of sizes.slice(0, -1)) {
      expect(s).toBeGreaterThanOrEqual(DEFAULT_CHUNK_PARAMS.min);
      expect(s).toBeLessThanOrEqual(DEFAULT_CHUNK_PARAMS.max);
    }
    const avg = data.length / sizes.length;
    expect(avg).toBeGreaterThan(DEFAULT_CHUNK_PARAMS.avg * 0.7);
    expect(avg).toBeLessThan(DEFAULT_CHUNK_PARAMS.avg * 1.6);
  });

  it('is deterministic (fixed gear table)', () => {
    expect(chunkBuffer(data, cutter)).toEqual(chunkBuffer(Buffer.from(data), new Cutter()));
    // Pin the first boundaries: changing the table or masks silently breaks deduplication.
    expect(chunkBuffer(noise(1024 * 1024, 7), cutter).slice(0, 3)).toEqual([
      134074, 178726, 146339,
    ]);
  });

  it('an insertion in the middle changes only the chunks around it', () => {
    const mid = data.length / 2;
    const edited = Buffer.concat([
      data.subarray(0, mid),
      Buffer.from('sixteen bytes!!!'),
      data.subarray(mid),
    ]);
    const before = new Set(chunkIds(data, cutter));
    const after = chunkIds(edited, cutter);
    const fresh = after.filter((id) => !before.has(id));
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.length).toBeLessThanOrEqual(3);
  });

  it('cuts a run of identical bytes at max size', () => {
    const sizes = chunkBuffer(Buffer.alloc(3 * DEFAULT_CHUNK_PARAMS.max), cutter);
    expect(sizes.every((s) => s <= DEFAULT_CHUNK_PARAMS.max)).toBe(true);
  });

  it('rejects nonsense parameters', () => {
    expect(() => new Cutter({ min: 100, avg: 1000, max: 4000 })).toThrow();
    expect(() => new Cutter({ min: 8192, avg: 4096, max: 65536 })).toThrow();
  });
});
