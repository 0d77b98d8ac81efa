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

  it('cuts exactly where a byte-at-a-time gear loop cuts (odd starts and ends too)', () => {
    // The reference is the plain FastCDC loop; the real one is unrolled for speed.
    const p = { min: 64, avg: 256, max: 1024 };
    const small = new Cutter(p);
    const gear = referenceGear();
    const bits = Math.log2(p.avg);
    const top = (b: number) => (((1 << b) - 1) << (32 - b)) | 0;
    const reference = (buf: Uint8Array, start: number, end: number): number => {
      const n = end - start;
      if (n <= p.min) return end;
      const limit = Math.min(n, p.max);
      let h = 0;
      for (let i = start + p.min; i < start + limit; i++) {
        h = ((h << 1) + gear[buf[i]!]!) | 0;
        const mask = i < start + Math.min(limit, p.avg) ? top(bits + 2) : top(bits - 2);
        if ((h & mask) === 0) return i + 1;
      }
      return start + limit;
    };
    const buf = noise(64 * 1024 + 77, 9);
    for (let start = 0; start < 3000; start += 37) {
      for (const end of [buf.length, buf.length - 1, start + 65, start + 300, start + 1025]) {
        expect(small.cut(buf, start, end)).toBe(reference(buf, start, end));
      }
    }
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

/** The gear table of chunker.ts (splitmix32, fixed seed), rebuilt here to check the fast loop. */
function referenceGear(): Int32Array {
  const g = new Int32Array(256);
  let s = 0x9e3779b9 | 0;
  for (let i = 0; i < 256; i++) {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    g[i] = z ^ (z >>> 16);
  }
  return g;
}
