import { open, unlink, type FileHandle } from 'node:fs/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { DEFLATE, encodeChunkParts, RAW } from './chunkcodec.js';
import { BufferPool } from '../core/bufferpool.js';
import type { ChunkStore } from './chunkstore.js';
import { tmpName } from './fsutil.js';
import { blake3Hex, createHasher, ID_RE } from './hash.js';
import { PACK_MAGIC, RECORD_HEADER, recordHeader, type PackEntry } from './packfile.js';

const RAW_BYTE = Buffer.of(RAW);
const DEFLATE_BYTE = Buffer.of(DEFLATE);
const asBuffer = (b: Uint8Array) =>
  Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
const isPieces = (raw: Uint8Array | readonly Buffer[]): raw is readonly Buffer[] =>
  Array.isArray(raw);

/** Bytes gathered before one write: a write per chunk would cost a thread-pool trip each. */
const BATCH = 1024 * 1024;

/** Batch buffers, shared by every writer of the process. */
const batches = new BufferPool(BATCH, 16);

function expectId(id: string, actual: string): void {
  if (actual !== id) {
    throw new AuxinError('HASH_MISMATCH', `chunk ${id} has content hashing to ${actual}`, {
      id,
      actual,
    });
  }
}

/**
 * Writes one pack under tmp/. Each record's place is reserved synchronously, so concurrent adds
 * never overlap; `seal()` waits for them all, then hands the
 * closed file to the ChunkStore, which makes it durable and visible. Until then no reader sees it,
 * and a crash leaves only a temporary file that gc removes.
 */
export class PackWriter {
  private fh: Promise<FileHandle> | null = null;
  private readonly tmp: string;
  private entries: PackEntry[] = [];
  private ids = new Set<string>();
  private writes = new Set<Promise<void>>();
  private failed: unknown = null;
  private done = false;
  private batch: Buffer | null = null;
  private fill = 0;
  size = PACK_MAGIC.length;

  constructor(private readonly chunks: ChunkStore) {
    this.tmp = `${chunks.root}/tmp/pack-${tmpName()}`;
  }

  get count(): number {
    return this.entries.length;
  }

  holds(id: string): boolean {
    return this.ids.has(id);
  }

  /**
   * Verify that `raw` hashes to `id`, then add it unless the store has it. For bytes from
   * outside (a push, a fetch): a mismatch is refused and nothing is written. `raw` may come as
   * the pieces it arrived in, hashed and copied one by one. `stored` says how it travelled:
   * a raw DEFLATE the caller checked inflates to `raw` (a compressed chunk off the wire) is kept
   * when it saves the store's 10 %; `'raw'` (a chunk its sender's store keeps raw, by this same
   * rule) is kept raw. Either way `raw` is not probed and compressed again.
   */
  async add(
    id: string,
    raw: Uint8Array | readonly Buffer[],
    stored?: Buffer | 'raw',
  ): Promise<boolean> {
    if (!ID_RE.test(id)) throw new AuxinError('INVALID_ARGUMENT', `bad chunk id '${id}'`);
    const pieces = isPieces(raw) ? raw : [asBuffer(raw)];
    if (stored === 'raw' && pieces.length > 1 && !this.ids.has(id) && !this.chunks.has(id)) {
      // Pieces off a socket are often a few KiB each, and BLAKE3 hashes one contiguous run
      // several times faster than many small updates (it hashes its 1 KiB blocks side by side):
      // copied into the pack's batch first, the copy is hashed in one call, and the record
      // taken back before anything is written if it does not match.
      const size = pieces.reduce((n, p) => n + p.length, 0);
      await this.addParts(id, [RAW_BYTE, ...pieces], size, (payload) =>
        expectId(id, blake3Hex(payload.subarray(1))),
      );
      return true;
    }
    let actual: string;
    if (pieces.length === 1) actual = blake3Hex(pieces[0]!);
    else {
      const h = createHasher();
      for (const p of pieces) h.update(p);
      actual = h.digestHex();
    }
    expectId(id, actual);
    if (this.ids.has(id) || this.chunks.has(id)) return false;
    const size = pieces.reduce((n, p) => n + p.length, 0);
    if (stored === 'raw') await this.addParts(id, [RAW_BYTE, ...pieces], size);
    else if (stored) {
      await this.addParts(
        id,
        stored.length <= size * 0.9 ? [DEFLATE_BYTE, stored] : [RAW_BYTE, ...pieces],
        size,
      );
    } else {
      await this.addParts(
        id,
        encodeChunkParts(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)),
        size,
      );
    }
    return true;
  }

  /** Add bytes whose id the caller computed from them (compressed here when it pays). */
  addRaw(id: string, raw: Uint8Array): Promise<void> {
    return this.addParts(id, encodeChunkParts(raw), raw.length);
  }

  /**
   * Add a chunk already in stored form (format byte + payload), e.g. copied from another pack;
   * `size` is its raw length.
   */
  addStored(id: string, stored: Buffer, size: number): Promise<void> {
    return this.addParts(id, [stored], size);
  }

  /**
   * Reserve the record's place and copy its bytes into the current batch buffer, both before
   * the first await: the caller may reuse its buffers as soon as this returns a promise. A full
   * batch goes to the file in one write; the add that filled it waits for that write, which
   * bounds the memory held to a few batches per writer. `check` sees the record's stored bytes
   * once copied, before anything is written; when it throws, the record is taken back.
   */
  private async addParts(
    id: string,
    parts: Buffer[],
    size: number,
    check?: (stored: Buffer) => void,
  ): Promise<void> {
    if (this.done) throw new Error('pack writer already sealed');
    if (this.failed) throw this.failed;
    if (this.ids.has(id)) return;
    const stored = parts.reduce((n, b) => n + b.length, 0);
    const record = RECORD_HEADER + stored;
    let wait: Promise<void> | null = null;
    if (this.fill > 0 && this.fill + record > BATCH) wait = this.flushBatch();
    if (record > BATCH) {
      // Larger than a batch (a hostile or odd client): a copy of its own, written alone.
      const own = Buffer.concat([recordHeader(id, stored), ...parts]);
      try {
        check?.(own.subarray(RECORD_HEADER));
      } catch (e) {
        await wait;
        throw e;
      }
      this.entries.push({ id, offset: this.size + RECORD_HEADER, length: stored, size });
      this.ids.add(id);
      this.size += record;
      const done = this.track(this.writeAt(own, this.size - record, own.length, null));
      await Promise.all([wait, done]);
    } else {
      this.batch ??= batches.take();
      const start = this.fill + RECORD_HEADER;
      let at = start;
      for (const p of parts) at += p.copy(this.batch, at);
      try {
        check?.(this.batch.subarray(start, at));
      } catch (e) {
        // Nothing reserved yet: the bytes copied past `fill` are overwritten by the next record.
        await wait;
        throw e;
      }
      this.batch.write(id, this.fill, 32, 'hex');
      this.batch.writeUInt32LE(stored, this.fill + 32);
      this.entries.push({ id, offset: this.size + RECORD_HEADER, length: stored, size });
      this.ids.add(id);
      this.fill = at;
      this.size += record;
      if (wait) await wait;
    }
    if (this.failed) throw this.failed;
  }

  private flushBatch(): Promise<void> {
    const buf = this.batch;
    const length = this.fill;
    if (!buf || length === 0) return Promise.resolve();
    this.batch = null;
    this.fill = 0;
    return this.track(this.writeAt(buf, this.size - length, length, buf));
  }

  private track(p: Promise<void>): Promise<void> {
    const t = p.catch((e) => {
      this.failed ??= e;
    });
    this.writes.add(t);
    return t.finally(() => this.writes.delete(t));
  }

  private handle(): Promise<FileHandle> {
    this.fh ??= open(this.tmp, 'wx').then(async (fh) => {
      await fh.write(PACK_MAGIC, 0, PACK_MAGIC.length, 0);
      return fh;
    });
    return this.fh;
  }

  private async writeAt(
    buf: Buffer,
    position: number,
    length: number,
    pooled: Buffer | null,
  ): Promise<void> {
    try {
      const fh = await this.handle();
      let done = 0;
      while (done < length) {
        const r = await fh.write(buf, done, length - done, position + done);
        done += r.bytesWritten;
      }
    } finally {
      if (pooled) batches.give(pooled);
    }
  }

  /** Make every chunk added durable and visible. A writer that added nothing leaves no file. */
  async seal(): Promise<void> {
    if (this.done) return;
    await this.flushBatch();
    this.done = true;
    while (this.writes.size > 0) await Promise.all(this.writes);
    const fh = this.fh ? await this.fh.catch(() => null) : null;
    if (this.failed || !fh) {
      await fh?.close().catch(() => {});
      await unlink(this.tmp).catch(() => {});
      if (this.failed) throw this.failed;
      return;
    }
    await fh.close();
    // The store fsyncs the pack and its index side by side: one after the other, each 8 MiB
    // upload waited for two journal commits in turn.
    await this.chunks.seal({ tmp: this.tmp, size: this.size, entries: this.entries });
  }

  /** Drop everything added: nothing becomes visible. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (this.batch) batches.give(this.batch);
    this.batch = null;
    while (this.writes.size > 0) await Promise.all(this.writes);
    const fh = this.fh ? await this.fh.catch(() => null) : null;
    await fh?.close().catch(() => {});
    await unlink(this.tmp).catch(() => {});
  }
}
