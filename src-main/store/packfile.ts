import { blake3Hex } from './hash.js';

/**
 * The on-disk form of chunks: many chunks per pack file, found through the pack's index file.
 *
 *   <name>.pack  "AXPACK" 0x00 0x01, then records: 32-byte raw id | u32 LE n | n stored bytes
 *                (the stored bytes are chunkcodec's: 1 format byte + payload)
 *   <name>.idx   "AXIDX" 0 0 2 | u32 LE count | u64 LE pack size | count entries sorted by id:
 *                32-byte raw id | u64 LE offset of the stored bytes | u32 LE n | u32 LE raw size
 *                | BLAKE3 of everything before it (32 bytes)
 *
 * The raw size lets a tree's chunk sizes be checked against the chunks with a lookup each, not a
 * read: a tree whose sizes lie cannot be checked out. Version 1 indexes (no raw size) are still
 * read; their chunks' sizes are unknown (-1) until a chunk is decoded.
 *
 * A pack is written under tmp/, made durable, then renamed into versions/ before its index: the
 * index is what makes its chunks visible, so a reader never trusts bytes that may not be on disk.
 * Records carry their id, so a pack can be checked (fsck) without trusting its index.
 */
export const PACK_MAGIC = Buffer.from('AXPACK\x00\x01', 'latin1');
export const IDX_MAGIC = Buffer.from('AXIDX\x00\x00\x02', 'latin1');
const IDX_MAGIC_V1 = Buffer.from('AXIDX\x00\x00\x01', 'latin1');
export const RECORD_HEADER = 36;
const ENTRY = 48;
const ENTRY_V1 = 44;
const IDX_HEAD = 8 + 4 + 8;
const TRAILER = 32;

export interface PackEntry {
  id: string;
  /** Offset of the stored bytes (after the record header). */
  offset: number;
  /** Length of the stored bytes. */
  length: number;
  /** Length of the raw chunk; -1 when unknown (a version 1 index). */
  size: number;
}

export function recordHeader(id: string, storedLength: number): Buffer {
  const h = Buffer.allocUnsafe(RECORD_HEADER);
  h.write(id, 0, 32, 'hex');
  h.writeUInt32LE(storedLength, 32);
  return h;
}

export function encodeIndex(entries: PackEntry[], packSize: number): Buffer {
  const sorted = [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out = Buffer.alloc(IDX_HEAD + sorted.length * ENTRY + TRAILER);
  IDX_MAGIC.copy(out, 0);
  out.writeUInt32LE(sorted.length, 8);
  out.writeBigUInt64LE(BigInt(packSize), 12);
  let p = IDX_HEAD;
  for (const e of sorted) {
    out.write(e.id, p, 32, 'hex');
    out.writeBigUInt64LE(BigInt(e.offset), p + 32);
    out.writeUInt32LE(e.length, p + 40);
    out.writeUInt32LE(e.size, p + 44);
    p += ENTRY;
  }
  out.write(blake3Hex(out.subarray(0, p)), p, 32, 'hex');
  return out;
}

/** The entries of an index file; throws with the reason when it is damaged. */
export function decodeIndex(buf: Buffer): { entries: PackEntry[]; packSize: number } {
  const magic = buf.subarray(0, 8);
  const v1 = magic.equals(IDX_MAGIC_V1);
  if (buf.length < IDX_HEAD + TRAILER || !(v1 || magic.equals(IDX_MAGIC))) {
    throw new Error('not a pack index');
  }
  const step = v1 ? ENTRY_V1 : ENTRY;
  const count = buf.readUInt32LE(8);
  if (buf.length !== IDX_HEAD + count * step + TRAILER) throw new Error('index has a bad length');
  const body = buf.length - TRAILER;
  if (blake3Hex(buf.subarray(0, body)) !== buf.toString('hex', body)) {
    throw new Error('index does not match its checksum');
  }
  const packSize = Number(buf.readBigUInt64LE(12));
  const entries: PackEntry[] = new Array<PackEntry>(count);
  for (let i = 0, p = IDX_HEAD; i < count; i++, p += step) {
    const offset = Number(buf.readBigUInt64LE(p + 32));
    const length = buf.readUInt32LE(p + 40);
    if (offset < PACK_MAGIC.length + RECORD_HEADER || offset + length > packSize) {
      throw new Error('index points outside its pack');
    }
    const size = v1 ? -1 : buf.readUInt32LE(p + 44);
    entries[i] = { id: buf.toString('hex', p, p + 32), offset, length, size };
  }
  return { entries, packSize };
}

/** Pack names are random hex: nothing read from a folder listing can carry a path. */
export const PACK_NAME_RE = /^[0-9a-f]{32}$/;
