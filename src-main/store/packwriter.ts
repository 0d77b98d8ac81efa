import { open, unlink, type FileHandle } from 'node:fs/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { encodeChunk } from './chunkcodec.js';
import type { ChunkStore } from './chunkstore.js';
import { tmpName } from './fsutil.js';
import { blake3Hex, ID_RE } from './hash.js';
import { PACK_MAGIC, RECORD_HEADER, recordHeader, type PackEntry } from './packfile.js';

/**
 * Writes one pack under tmp/. Each record's place is reserved synchronously, so concurrent adds
 * write side by side without waiting for each other; `seal()` waits for them all, then hands the
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
   * outside (a push, a fetch): a mismatch is refused and nothing is written.
   */
  async add(id: string, raw: Uint8Array): Promise<boolean> {
    if (!ID_RE.test(id)) throw new AuxinError('INVALID_ARGUMENT', `bad chunk id '${id}'`);
    const actual = blake3Hex(raw);
    if (actual !== id) {
      throw new AuxinError('HASH_MISMATCH', `chunk ${id} has content hashing to ${actual}`, {
        id,
        actual,
      });
    }
    if (this.ids.has(id) || this.chunks.has(id)) return false;
    await this.addStored(id, encodeChunk(raw));
    return true;
  }

  /** Add bytes whose id the caller computed from them (compressed here when it pays). */
  addRaw(id: string, raw: Uint8Array): Promise<void> {
    return this.addStored(id, encodeChunk(raw));
  }

  /** Add a chunk already in stored form (format byte + payload), e.g. copied from another pack. */
  async addStored(id: string, stored: Buffer): Promise<void> {
    if (this.done) throw new Error('pack writer already sealed');
    if (this.failed) throw this.failed;
    if (this.ids.has(id)) return;
    const at = this.size;
    this.size += RECORD_HEADER + stored.length;
    this.entries.push({ id, offset: at + RECORD_HEADER, length: stored.length });
    this.ids.add(id);
    const p = this.writeAt([recordHeader(id, stored.length), stored], at).catch((e) => {
      this.failed ??= e;
    });
    this.writes.add(p);
    await p.finally(() => this.writes.delete(p));
    if (this.failed) throw this.failed;
  }

  private handle(): Promise<FileHandle> {
    this.fh ??= open(this.tmp, 'wx').then(async (fh) => {
      await fh.write(PACK_MAGIC, 0, PACK_MAGIC.length, 0);
      return fh;
    });
    return this.fh;
  }

  private async writeAt(parts: Buffer[], position: number): Promise<void> {
    const fh = await this.handle();
    const total = parts.reduce((n, b) => n + b.length, 0);
    let { bytesWritten } = await fh.writev(parts, position);
    if (bytesWritten < total) {
      const all = Buffer.concat(parts);
      while (bytesWritten < total) {
        const r = await fh.write(all, bytesWritten, total - bytesWritten, position + bytesWritten);
        bytesWritten += r.bytesWritten;
      }
    }
  }

  /** Make every chunk added durable and visible. A writer that added nothing leaves no file. */
  async seal(): Promise<void> {
    if (this.done) return;
    this.done = true;
    while (this.writes.size > 0) await Promise.all(this.writes);
    const fh = this.fh ? await this.fh.catch(() => null) : null;
    if (this.failed || !fh) {
      await fh?.close().catch(() => {});
      await unlink(this.tmp).catch(() => {});
      if (this.failed) throw this.failed;
      return;
    }
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await this.chunks.seal({ tmp: this.tmp, size: this.size, entries: this.entries, synced: true });
  }

  /** Drop everything added: nothing becomes visible. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    while (this.writes.size > 0) await Promise.all(this.writes);
    const fh = this.fh ? await this.fh.catch(() => null) : null;
    await fh?.close().catch(() => {});
    await unlink(this.tmp).catch(() => {});
  }
}
