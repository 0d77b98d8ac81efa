/**
 * The pack: the one binary body of the sync protocol (see docs/protocol.md).
 *
 *   "AXPK" u8 version(=1)
 *   record*: u8 type | 32-byte raw id | u32 BE length | bytes
 *            type 1 chunk, 2 tree, 3 commit,
 *            4 compressed chunk: bytes = u32 BE raw size | raw DEFLATE of the chunk
 *            5 tree delta: bytes = 32-byte raw base tree id | JSON changes (see treedelta.ts)
 *            6 chunk delta: bytes = 32-byte raw base chunk id | sizes | DEFLATE (chunkdelta.ts)
 *   end:     u8 0
 *
 * Ids travel as raw bytes, so no id read from a pack can ever carry a path. The reader
 * enforces every limit before it buffers anything, so a declared size cannot make it
 * allocate more than one record of at most `maxRecord` bytes, and a compressed chunk cannot
 * inflate past its declared size (itself at most `maxInflated`).
 */
import { inflateRaw } from 'node:zlib';
import { AuxinError } from '../../src-shared/errors.js';
import { SyncLimits } from '../../src-shared/api/sync.js';
import { DEFLATE, encodeChunkParts } from '../store/chunkcodec.js';
import { expandChunkDelta } from './chunkdelta.js';

export const PACK_MAGIC = Buffer.from('AXPK1', 'latin1');
export const PACK_CONTENT_TYPE = 'application/x-auxin-pack';

export type PackKind = 'chunk' | 'tree' | 'commit' | 'tree-delta';
const KIND_BYTE: Record<PackKind, number> = { chunk: 1, tree: 2, commit: 3, 'tree-delta': 5 };
const CHUNK_RAW = KIND_BYTE.chunk;
const CHUNK_DEFLATE = 4;
const CHUNK_DELTA = 6;
/** What each record type byte carries, as its size limit names it (see `DecodeLimits.maxOf`). */
export type RecordType =
  'chunk' | 'tree' | 'commit' | 'chunk-deflate' | 'tree-delta' | 'chunk-delta';
const BYTE_TYPE: Record<number, RecordType> = {
  1: 'chunk',
  2: 'tree',
  3: 'commit',
  4: 'chunk-deflate',
  5: 'tree-delta',
  6: 'chunk-delta',
};
const BYTE_KIND: Record<number, PackKind> = {
  1: 'chunk',
  2: 'tree',
  3: 'commit',
  4: 'chunk',
  5: 'tree-delta',
  6: 'chunk',
};

export interface PackRecord {
  kind: PackKind;
  id: string;
  /** The record's bytes (a chunk's raw bytes, also when it travelled compressed). */
  bytes: Buffer;
  /**
   * Chunks only: the raw DEFLATE of `bytes`, sent in their place (type 4). Decoding sets it too
   * (valid as long as `bytes`), so the receiver can store it without compressing again.
   */
  deflated?: Buffer;
  /** The chunk's raw size when `bytes` is left empty: with `deflated` (sent as stored) or `parts`. */
  size?: number;
  /** Chunks only, when encoding: a type 6 payload (chunkdelta.ts), sent in their place. */
  delta?: Buffer;
  /**
   * Decoding with `pieces`: a type 1 chunk's bytes as the network delivered them, views valid
   * until the next record is asked for; `bytes` is then empty and `size` holds the length.
   */
  parts?: Buffer[];
}

/**
 * A chunk record that travels compressed when the store's own rule would keep it compressed
 * (ProjectData, plists, silence); audio is sent as it is, after a cheap entropy probe.
 */
export function chunkRecord(id: string, raw: Buffer): PackRecord {
  const [format, payload] = encodeChunkParts(raw);
  return format[0] === DEFLATE
    ? { kind: 'chunk', id, bytes: raw, deflated: payload }
    : { kind: 'chunk', id, bytes: raw };
}

export function recordHeader(kind: PackKind, id: string, length: number): Buffer {
  const h = Buffer.alloc(1 + 32 + 4);
  h[0] = KIND_BYTE[kind];
  Buffer.from(id, 'hex').copy(h, 1);
  h.writeUInt32BE(length, 33);
  return h;
}

export const PACK_END = Buffer.from([0]);

/** Encode records lazily: at most one record is ever held. */
export async function* encodePack(records: AsyncIterable<PackRecord>): AsyncGenerator<Buffer> {
  yield PACK_MAGIC;
  for await (const r of records) {
    if (r.kind === 'chunk' && r.delta) {
      const h = recordHeader('chunk', r.id, r.delta.length);
      h[0] = CHUNK_DELTA;
      yield h;
      yield r.delta;
      continue;
    }
    if (r.kind === 'chunk' && r.deflated) {
      const h = recordHeader('chunk', r.id, 4 + r.deflated.length);
      h[0] = CHUNK_DEFLATE;
      const size = Buffer.alloc(4);
      size.writeUInt32BE(r.size ?? r.bytes.length);
      yield Buffer.concat([h, size]);
      yield r.deflated;
      continue;
    }
    yield recordHeader(r.kind, r.id, r.bytes.length);
    yield r.bytes;
  }
  yield PACK_END;
}

const EMPTY = Buffer.alloc(0);
/** Records larger than this are copied into place as they arrive (ExactReader.readDirect). */
const DIRECT_READ_BYTES = 1024 * 1024;

function malformed(msg: string): AuxinError {
  return new AuxinError('MALFORMED_PACK', `malformed pack: ${msg}`);
}

/** The pack stops short: a cut connection looks like this, not only a broken sender. */
function truncated(what: string): AuxinError {
  return new AuxinError('MALFORMED_PACK', `malformed pack: truncated ${what}`, { truncated: true });
}

export function isTruncatedPack(e: unknown): boolean {
  return e instanceof AuxinError && e.code === 'MALFORMED_PACK' && e.details.truncated === true;
}

/** Reads exact byte counts from a stream of buffers, holding only what was asked for. */
class ExactReader {
  private bufs: Buffer[] = [];
  private have = 0;
  private it: AsyncIterator<Buffer | string>;
  private ended = false;
  private scratch = Buffer.alloc(0);
  constructor(source: AsyncIterable<Buffer | string>) {
    this.it = source[Symbol.asyncIterator]();
  }
  /** Pull from the source until `n` bytes are held or it ends. */
  private async fill(n: number): Promise<void> {
    while (this.have < n && !this.ended) {
      const next = await this.it.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      if (b.length) {
        this.bufs.push(b);
        this.have += b.length;
      }
    }
  }
  /**
   * The next `n` bytes. With `view`, no fresh buffer: a slice of the network buffer when the bytes
   * lie in one, else a reused scratch buffer, valid until the next read.
   */
  async read(n: number, view = false): Promise<Buffer | null> {
    if (n > DIRECT_READ_BYTES && this.have < n) return this.readDirect(n, view);
    await this.fill(n);
    if (this.have < n) return null;
    if (view && this.bufs[0]!.length >= n) {
      const head = this.bufs[0]!;
      if (head.length === n) this.bufs.shift();
      else this.bufs[0] = head.subarray(n);
      this.have -= n;
      return head.subarray(0, n);
    }
    if (view && this.scratch.length < n) this.scratch = Buffer.allocUnsafe(n);
    // Else one copy into a buffer of its own, so a record never pins a larger network buffer.
    const out = view ? this.scratch.subarray(0, n) : Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const head = this.bufs[0]!;
      const take = Math.min(head.length, n - filled);
      head.copy(out, filled, 0, take);
      filled += take;
      if (take === head.length) this.bufs.shift();
      else this.bufs[0] = head.subarray(take);
    }
    this.have -= n;
    return out;
  }
  /**
   * A large record copied into its buffer as it arrives, so it is held once, not once in network
   * buffers and again whole: a 63 MiB tree costs 63 MiB, not 126.
   */
  private async readDirect(n: number, view: boolean): Promise<Buffer | null> {
    if (view && this.scratch.length < n) this.scratch = Buffer.allocUnsafe(n);
    const out = view ? this.scratch.subarray(0, n) : Buffer.allocUnsafe(n);
    let filled = 0;
    for (const b of this.bufs) {
      b.copy(out, filled);
      filled += b.length;
    }
    this.bufs = [];
    this.have = 0;
    while (filled < n) {
      const next = await this.it.next();
      if (next.done) {
        this.ended = true;
        // Put back what arrived, so the caller's view of the stream stays whole.
        this.bufs = [Buffer.from(out.subarray(0, filled))];
        this.have = filled;
        return null;
      }
      const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      const take = Math.min(b.length, n - filled);
      b.copy(out, filled, 0, take);
      filled += take;
      if (take < b.length) {
        this.bufs.push(b.subarray(take));
        this.have += b.length - take;
      }
    }
    return out;
  }

  /** The next `n` bytes as views of the network buffers they arrived in: no copy at all. */
  async readParts(n: number): Promise<Buffer[] | null> {
    await this.fill(n);
    if (this.have < n) return null;
    const out: Buffer[] = [];
    let left = n;
    while (left > 0) {
      const head = this.bufs[0]!;
      if (head.length <= left) {
        out.push(head);
        this.bufs.shift();
        left -= head.length;
      } else {
        out.push(head.subarray(0, left));
        this.bufs[0] = head.subarray(left);
        left = 0;
      }
    }
    this.have -= n;
    return out;
  }
  async atEnd(): Promise<boolean> {
    if (this.have > 0) return false;
    const next = await this.it.next();
    if (next.done) return true;
    const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    this.bufs.push(b);
    this.have += b.length;
    return b.length === 0 ? this.atEnd() : false;
  }
}

export interface DecodeLimits {
  /** Largest single record accepted (bytes). */
  maxRecord: number;
  /**
   * Largest record of each type, checked at its header before any of its bytes are read (at
   * most `maxRecord`): a chunk declaring 63 MiB is refused before the hub holds a byte of it.
   */
  maxOf?: Partial<Record<RecordType, number>>;
  /** Largest whole pack accepted (bytes of payload). */
  maxTotal: number;
  /** Record kinds this endpoint accepts. */
  kinds: PackKind[];
  /**
   * Hand out each record's bytes without a buffer of its own (valid only until the next record
   * is asked for): for consumers that hash and copy a record before they move on. Allocating a
   * fresh buffer per chunk made the garbage collector the largest cost of receiving a push.
   */
  reuse?: boolean;
  /**
   * Hand out type 1 chunks as `parts`, the network's own buffers, not even copied into one
   * (implies `reuse`): for a consumer that hashes and stores them piece by piece.
   */
  pieces?: boolean;
  /** Largest size a compressed chunk may declare and inflate to (default SyncLimits.maxChunkBytes). */
  maxInflated?: number;
  /** Where chunk deltas (type 6) find their base; without it they are refused. */
  readChunk?: (id: string) => Promise<Buffer>;
}

/** Inflate on the thread pool, stopping at `max` bytes; also says how much input was used. */
function inflateBounded(data: Buffer, max: number): Promise<{ out: Buffer; used: number }> {
  return new Promise((resolve, reject) => {
    // `info: true` makes the callback get {buffer, engine}; @types/node does not model it.
    const opts = { info: true, maxOutputLength: max } as Parameters<typeof inflateRaw>[1];
    inflateRaw(data, opts, (err, result) => {
      if (err) return reject(err);
      const r = result as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      resolve({ out: r.buffer, used: r.engine.bytesWritten });
    });
  });
}

/**
 * A type 4 payload back to the chunk's raw bytes. Inflation stops at the declared size, so a
 * bomb costs at most that much memory; a stream that ends short, runs long or carries trailing
 * bytes is malformed. The id is not checked here: whoever stores the chunk verifies its BLAKE3,
 * as for every chunk.
 */
async function inflateChunk(payload: Buffer, maxInflated: number): Promise<Buffer> {
  if (payload.length < 4) throw malformed('compressed chunk without its size');
  const size = payload.readUInt32BE(0);
  if (size > maxInflated) {
    throw new AuxinError(
      'PAYLOAD_TOO_LARGE',
      `compressed chunk of ${size} bytes exceeds ${maxInflated}`,
    );
  }
  return inflateExact(payload.subarray(4), size);
}

/** Exactly `size` bytes out of raw DEFLATE `data`, or MALFORMED_PACK. */
export async function inflateExact(data: Buffer, size: number): Promise<Buffer> {
  let r: { out: Buffer; used: number };
  try {
    r = await inflateBounded(data, Math.max(size, 1));
  } catch {
    throw malformed('compressed data does not inflate to its declared size');
  }
  if (r.out.length !== size) throw malformed('compressed data inflates short');
  if (r.used !== data.length) throw malformed('trailing bytes after compressed data');
  return r.out;
}

/**
 * Decode a pack record by record. Throws MALFORMED_PACK on a bad magic, an unknown type, a
 * truncated record or a missing end marker, and PAYLOAD_TOO_LARGE when a declared length or
 * the running total passes its limit (checked before the bytes are read).
 */
export async function* decodePack(
  source: AsyncIterable<Buffer | string>,
  limits: DecodeLimits,
): AsyncGenerator<PackRecord> {
  const r = new ExactReader(source);
  const magic = await r.read(PACK_MAGIC.length);
  if (!magic || !magic.equals(PACK_MAGIC)) throw malformed('bad magic or version');
  let total = 0;
  const maxInflated = Math.min(limits.maxInflated ?? SyncLimits.maxChunkBytes, limits.maxRecord);
  for (;;) {
    const t = await r.read(1, true);
    if (!t) throw truncated('(no end marker)');
    if (t[0] === 0) break;
    const kind = BYTE_KIND[t[0]!];
    if (!kind) throw malformed(`unknown record type ${t[0]}`);
    if (!limits.kinds.includes(kind)) throw malformed(`${kind} records are not accepted here`);
    const head = await r.read(36, true);
    if (!head) throw truncated('record header');
    const id = head.subarray(0, 32).toString('hex');
    const len = head.readUInt32BE(32);
    const type = BYTE_TYPE[t[0]!]!;
    const max = Math.min(limits.maxOf?.[type] ?? limits.maxRecord, limits.maxRecord);
    if (len > max) {
      throw new AuxinError('PAYLOAD_TOO_LARGE', `${type} record of ${len} bytes exceeds ${max}`, {
        record: type,
        limit: max,
      });
    }
    total += len;
    if (total > limits.maxTotal) {
      throw new AuxinError('PAYLOAD_TOO_LARGE', `pack exceeds ${limits.maxTotal} bytes`);
    }
    if (limits.pieces && t[0] === CHUNK_RAW && len > 0) {
      const parts = await r.readParts(len);
      if (!parts) throw truncated('record body');
      yield { kind, id, bytes: EMPTY, parts, size: len };
      continue;
    }
    const body = len === 0 ? Buffer.alloc(0) : await r.read(len, limits.reuse || limits.pieces);
    if (!body) throw truncated('record body');
    if (t[0] !== CHUNK_DEFLATE && t[0] !== CHUNK_DELTA) {
      yield { kind, id, bytes: body };
      continue;
    }
    let bytes: Buffer;
    let deflated: Buffer | undefined;
    if (t[0] === CHUNK_DEFLATE) {
      bytes = await inflateChunk(body, maxInflated);
      // Checked to inflate to exactly `bytes`: a receiver may store it as it came.
      deflated = body.subarray(4);
    } else if (!limits.readChunk) throw malformed('chunk deltas are not accepted here');
    else bytes = await expandChunkDelta(body, limits.readChunk, inflateExact, maxInflated);
    // The raw size counts against the pack's limit too: it is what the receiver writes.
    total += bytes.length - len;
    if (total > limits.maxTotal) {
      throw new AuxinError('PAYLOAD_TOO_LARGE', `pack exceeds ${limits.maxTotal} bytes`);
    }
    yield deflated ? { kind, id, bytes, deflated } : { kind, id, bytes };
  }
  if (!(await r.atEnd())) throw malformed('trailing bytes after end marker');
}
