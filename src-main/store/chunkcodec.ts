import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AuxinError } from '../../src-shared/errors.js';

/**
 * How a chunk sits in its file: one format byte, then the payload. 0 = raw bytes, 1 = raw
 * DEFLATE. A chunk is compressed only when a cheap look at its bytes (order-0 entropy of three
 * 1 KiB samples) says it might shrink, and kept compressed only when it shrank by 10 % or more:
 * audio (near 8 bits of entropy per byte) never pays for a compressor; silence, ProjectData and
 * plists do. The chunk id is always BLAKE3 of the raw bytes.
 *
 * The same rule is written again in plain JavaScript in chunk-worker.ts; a test keeps them equal.
 */
export const RAW = 0;
export const DEFLATE = 1;
const SAMPLE = 1024;
/** Bits per byte below which compression is tried. Noise measures ~7.9 on 3 KiB samples. */
export const ENTROPY_LIMIT = 7.2;

export function sampleEntropy(data: Uint8Array): number {
  const counts = new Uint32Array(256);
  const len = data.length;
  let n = 0;
  const take = (from: number) => {
    const end = Math.min(len, from + SAMPLE);
    for (let i = Math.max(0, from); i < end; i++) counts[data[i]!]!++;
    n += Math.max(0, end - Math.max(0, from));
  };
  if (len <= 3 * SAMPLE) take(0);
  else {
    take(0);
    take((len >> 1) - SAMPLE / 2);
    take(len - SAMPLE);
  }
  let h = 0;
  for (let i = 0; i < 256; i++) {
    const c = counts[i]!;
    if (c) h -= (c / n) * Math.log2(c / n);
  }
  return h;
}

const RAW_BYTE = Buffer.of(RAW);
const DEFLATE_BYTE = Buffer.of(DEFLATE);

/** The stored form as two parts, format byte and payload, so audio is never copied to join them. */
export function encodeChunkParts(raw: Uint8Array): [Buffer, Buffer] {
  if (raw.length >= 256 && sampleEntropy(raw) < ENTROPY_LIMIT) {
    const z = deflateRawSync(raw, { level: 1 });
    if (z.length <= raw.length * 0.9) return [DEFLATE_BYTE, z];
  }
  const payload = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  return [RAW_BYTE, payload];
}

export function encodeChunk(raw: Uint8Array): Buffer {
  return Buffer.concat(encodeChunkParts(raw));
}

/**
 * The raw bytes of chunk `id` from its stored form, or CORRUPT_OBJECT naming it (`where` ends
 * the message, e.g. " in the local store").
 */
export function decodeStoredChunk(id: string, stored: Buffer, where = ''): Buffer {
  try {
    return decodeChunk(stored);
  } catch {
    throw new AuxinError('CORRUPT_OBJECT', `chunk ${id} is damaged${where}`, { id });
  }
}

/** The raw chunk bytes of a chunk file; throws on an unknown format or a damaged payload. */
export function decodeChunk(file: Buffer): Buffer {
  const format = file[0];
  if (format === RAW) return file.subarray(1);
  if (format === DEFLATE) return inflateRawSync(file.subarray(1));
  throw new Error(`unknown chunk format ${format}`);
}
