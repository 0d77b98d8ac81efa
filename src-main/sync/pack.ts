/**
 * The pack: the one binary body of the sync protocol (see docs/protocol.md).
 *
 *   "AXPK" u8 version(=1)
 *   record*: u8 type (1 chunk, 2 tree, 3 commit) | 32-byte raw id | u32 BE length | bytes
 *   end:     u8 0
 *
 * Ids travel as raw bytes, so no id read from a pack can ever carry a path. The reader
 * enforces every limit before it buffers anything, so a declared size cannot make it
 * allocate more than one record of at most `maxRecord` bytes.
 */
import { AuxinError } from '../../src-shared/errors.js';

export const PACK_MAGIC = Buffer.from('AXPK1', 'latin1');
export const PACK_CONTENT_TYPE = 'application/x-auxin-pack';

export type PackKind = 'chunk' | 'tree' | 'commit';
const KIND_BYTE: Record<PackKind, number> = { chunk: 1, tree: 2, commit: 3 };
const BYTE_KIND: Record<number, PackKind> = { 1: 'chunk', 2: 'tree', 3: 'commit' };

export interface PackRecord {
  kind: PackKind;
  id: string;
  bytes: Buffer;
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
    yield recordHeader(r.kind, r.id, r.bytes.length);
    yield r.bytes;
  }
  yield PACK_END;
}

function malformed(msg: string): AuxinError {
  return new AuxinError('MALFORMED_PACK', `malformed pack: ${msg}`);
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
  /**
   * The next `n` bytes. With `view`, no fresh buffer: a slice of the network buffer when the bytes
   * lie in one, else a reused scratch buffer, valid until the next read.
   */
  async read(n: number, view = false): Promise<Buffer | null> {
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
  for (;;) {
    const t = await r.read(1, true);
    if (!t) throw malformed('truncated (no end marker)');
    if (t[0] === 0) break;
    const kind = BYTE_KIND[t[0]!];
    if (!kind) throw malformed(`unknown record type ${t[0]}`);
    if (!limits.kinds.includes(kind)) throw malformed(`${kind} records are not accepted here`);
    const head = await r.read(36, true);
    if (!head) throw malformed('truncated record header');
    const id = head.subarray(0, 32).toString('hex');
    const len = head.readUInt32BE(32);
    if (len > limits.maxRecord) {
      throw new AuxinError(
        'PAYLOAD_TOO_LARGE',
        `pack record of ${len} bytes exceeds ${limits.maxRecord}`,
      );
    }
    total += len;
    if (total > limits.maxTotal) {
      throw new AuxinError('PAYLOAD_TOO_LARGE', `pack exceeds ${limits.maxTotal} bytes`);
    }
    const bytes = len === 0 ? Buffer.alloc(0) : await r.read(len, limits.reuse);
    if (!bytes) throw malformed('truncated record body');
    yield { kind, id, bytes };
  }
  if (!(await r.atEnd())) throw malformed('trailing bytes after end marker');
}
