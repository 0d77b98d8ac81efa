/**
 * A chunk sent as its difference from a chunk the hub already has (pack record type 6). A save
 * of `ProjectData` inserts a few bytes here and there; content-defined chunking confines each
 * change to one chunk of 64-256 KiB, which then differs from its predecessor only in the
 * middle. So the record names that predecessor and carries what lies between the shared
 * prefix and the shared suffix, DEFLATEd: tens of bytes instead of a 50-150 KB compressed chunk.
 *
 *   bytes = 32-byte raw base chunk id | u32 BE raw size | u32 BE prefix | u32 BE suffix |
 *           raw DEFLATE of the middle (raw size - prefix - suffix bytes)
 *
 * The receiver rebuilds the chunk from its base and stores it like any chunk, verifying its
 * BLAKE3 against the record's id.
 */
import { deflateRawSync } from 'node:zlib';
import { AuxinError } from '../../src-shared/errors.js';
import type { SyncTree } from './store-port.js';

const HEAD = 32 + 12;

function malformed(msg: string): AuxinError {
  return new AuxinError('MALFORMED_PACK', `malformed pack: chunk delta ${msg}`);
}

function sharedEnds(a: Buffer, b: Buffer): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

/**
 * For each chunk in `wanted`, the chunks it may be a delta of: those its file had in the
 * receiver's tree `theirs` and no longer has (at most `max`, so the search stays cheap). New
 * files (a new take) get none. Our trees are read one at a time.
 */
export async function deltaBases(
  theirs: SyncTree,
  ours: string[],
  readTree: (id: string) => Promise<SyncTree>,
  wanted: Set<string>,
  max = 8,
): Promise<Map<string, string[]>> {
  const before = new Map<string, string[]>();
  for (const e of theirs.entries)
    if (e.chunks)
      before.set(
        e.path,
        e.chunks.map((c) => c.id),
      );
  const out = new Map<string, string[]>();
  for (const id of ours) {
    for (const e of (await readTree(id)).entries) {
      const old = before.get(e.path);
      if (!old || !e.chunks) continue;
      const now = new Set(e.chunks.map((c) => c.id));
      const replaced = old.filter((c) => !now.has(c)).slice(0, max);
      if (!replaced.length) continue;
      for (const c of e.chunks) if (wanted.has(c.id) && !out.has(c.id)) out.set(c.id, replaced);
    }
  }
  return out;
}

/**
 * The best delta of `raw` against one of `bases` (read one at a time, so only one is held), or
 * null when none shares at least `minShared` bytes at its ends.
 */
export async function chunkDelta(
  raw: Buffer,
  bases: string[],
  read: (id: string) => Promise<Buffer>,
  minShared = 4096,
): Promise<Buffer | null> {
  let best: { id: string; prefix: number; suffix: number } | null = null;
  for (const id of bases) {
    const ends = sharedEnds(raw, await read(id));
    if (ends.prefix + ends.suffix >= Math.max(minShared, best ? best.prefix + best.suffix + 1 : 0))
      best = { id, ...ends };
  }
  if (!best) return null;
  const head = Buffer.alloc(HEAD);
  Buffer.from(best.id, 'hex').copy(head, 0);
  head.writeUInt32BE(raw.length, 32);
  head.writeUInt32BE(best.prefix, 36);
  head.writeUInt32BE(best.suffix, 40);
  const middle = raw.subarray(best.prefix, raw.length - best.suffix);
  return Buffer.concat([head, deflateRawSync(middle, { level: 6 })]);
}

/**
 * The raw bytes a type 6 payload describes. Refuses a size over `maxSize` (PAYLOAD_TOO_LARGE)
 * before reading the base, a base the receiver lacks (MISSING_OBJECTS), ends that do not fit
 * the base or the size, and a middle that does not inflate to exactly its length (MALFORMED_PACK).
 */
export async function expandChunkDelta(
  payload: Buffer,
  readBase: (id: string) => Promise<Buffer>,
  inflate: (data: Buffer, size: number) => Promise<Buffer>,
  maxSize: number,
): Promise<Buffer> {
  if (payload.length < HEAD) throw malformed('without its header');
  const baseId = payload.subarray(0, 32).toString('hex');
  const size = payload.readUInt32BE(32);
  const prefix = payload.readUInt32BE(36);
  const suffix = payload.readUInt32BE(40);
  if (size > maxSize) {
    throw new AuxinError('PAYLOAD_TOO_LARGE', `chunk delta of ${size} bytes exceeds ${maxSize}`);
  }
  if (prefix + suffix > size) throw malformed('ends longer than the chunk');
  let base: Buffer;
  try {
    base = await readBase(baseId);
  } catch {
    throw new AuxinError('MISSING_OBJECTS', `chunk delta against missing chunk ${baseId}`, {
      missing: [baseId],
    });
  }
  if (prefix + suffix > base.length) throw malformed('ends longer than its base');
  const middle = await inflate(payload.subarray(HEAD), size - prefix - suffix);
  return Buffer.concat([base.subarray(0, prefix), middle, base.subarray(base.length - suffix)]);
}
