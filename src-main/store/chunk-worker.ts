import { unlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { ChunkRef } from '../../src-shared/api/commits.js';
import { ENTROPY_LIMIT } from './chunkcodec.js';
import { PACK_TARGET, type ChunkStore, type WrittenPack } from './chunkstore.js';
import { hashBackend } from './hash.js';

/**
 * The second core's share of a commit: the main thread reads and cuts files, this worker
 * hashes each chunk (and the whole file, in order), skips chunks the store has, and appends the
 * rest to a pack under tmp/. Each pack it closes (every PACK_TARGET bytes) goes back to the main
 * thread, which fsyncs and publishes it while the worker fills the next: the disk writes while
 * both cores cut and hash. Chunks cross threads as transferred ArrayBuffers (no copy).
 * Plain JavaScript evaluated in the worker, so it runs the same from sources and from dist/.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const native = require(workerData.blakePath);
const { root, prefix } = workerData;
const zlib = require('node:zlib');
const files = new Map();
// Same rule as chunkcodec.ts (kept equal by a test).
function entropy(d) {
  const counts = new Uint32Array(256);
  const len = d.length;
  let n = 0;
  const take = (from) => {
    const end = Math.min(len, from + 1024);
    for (let i = Math.max(0, from); i < end; i++) counts[d[i]]++;
    n += Math.max(0, end - Math.max(0, from));
  };
  if (len <= 3072) take(0); else { take(0); take((len >> 1) - 512); take(len - 1024); }
  let h = 0;
  for (let i = 0; i < 256; i++) { const c = counts[i]; if (c) h -= (c / n) * Math.log2(c / n); }
  return h;
}
function encode(raw) {
  if (raw.length >= 256 && entropy(raw) < workerData.entropyLimit) {
    const z = zlib.deflateRawSync(raw, { level: 1 });
    if (z.length <= raw.length * 0.9) return [Buffer.of(1), z];
  }
  return [Buffer.of(0), raw];
}
// Chunks the store had when the commit began (raw 32-byte ids), plus those written since.
const seen = new Set();
// (workerData arrives as a plain Uint8Array: wrap it to get Buffer's hex slicing.)
const known = Buffer.from(workerData.known.buffer, workerData.known.byteOffset, workerData.known.length);
for (let i = 0; i < known.length; i += 32) seen.add(known.toString('hex', i, i + 32));
// The pack being written (same layout as packfile.ts, kept equal by the commit tests).
const MAGIC = Buffer.from('AXPACK\x00\x01', 'latin1');
let pack = null;
let packs = 0;
function closePack() {
  if (!pack) return;
  fs.closeSync(pack.fd);
  parentPort.postMessage({ t: 'pack', tmp: pack.tmp, size: pack.size, entries: pack.entries });
  pack = null;
}
function write(id, raw) {
  if (!pack) {
    const tmp = root + '/tmp/pack-' + prefix + '-' + (packs++);
    const fd = fs.openSync(tmp, 'wx');
    fs.writeSync(fd, MAGIC);
    pack = { fd, tmp, size: MAGIC.length, entries: [] };
  }
  const parts = encode(raw);
  const stored = parts[0].length + parts[1].length;
  const header = Buffer.allocUnsafe(36);
  header.write(id, 0, 32, 'hex');
  header.writeUInt32LE(stored, 32);
  // One writev for header, format byte and payload: a syscall per chunk, not three.
  const total = 36 + stored;
  let off = fs.writevSync(pack.fd, [header, parts[0], parts[1]]);
  if (off < total) {
    const all = Buffer.concat([header, parts[0], parts[1]]);
    while (off < total) off += fs.writeSync(pack.fd, all, off, total - off);
  }
  pack.entries.push({ id, offset: pack.size + 36, length: stored, size: raw.length });
  pack.size += total;
  if (pack.size >= workerData.packTarget) closePack();
}
// After a failed write nothing more is written: the main thread is giving up the commit.
let broken = false;
parentPort.on('message', (m) => {
  if (broken) return;
  try {
    let f = files.get(m.file);
    if (m.t === 'flush') { closePack(); parentPort.postMessage({ t: 'flushed' }); return; }
    if (!f) { f = { hasher: new native.Blake3Hasher(), chunks: [], newChunks: 0, newBytes: 0 }; files.set(m.file, f); }
    if (m.t === 'chunk') {
      const buf = Buffer.from(m.buf, 0, m.len);
      const id = native.blake3(buf).toString('hex');
      f.hasher.update(buf);
      f.chunks.push({ id, size: buf.length });
      if (!seen.has(id)) {
        seen.add(id);
        write(id, buf);
        f.newChunks++;
        f.newBytes += buf.length;
      }
      // The slab goes back to the main thread for reuse: no fresh memory per chunk.
      parentPort.postMessage({ t: 'ack', bytes: m.len, buf: m.buf }, [m.buf]);
    } else if (m.t === 'end') {
      files.delete(m.file);
      parentPort.postMessage({ t: 'file', file: m.file, content_id: f.hasher.digestBuffer().toString('hex'),
        chunks: f.chunks, newChunks: f.newChunks, newBytes: f.newBytes });
    }
  } catch (e) {
    broken = true;
    parentPort.postMessage({ t: 'error', file: m.file, message: String(e && e.message || e), code: e && e.code });
  }
});
`;

export interface FileResult {
  content_id: string;
  chunks: ChunkRef[];
  newChunks: number;
  newBytes: number;
}

/** Slab bytes handed to the worker and not yet back: bounds memory (16 MiB of slabs). */
const MAX_BYTES_IN_FLIGHT = 16 * 1024 * 1024;

export class ChunkWorker {
  private worker: Worker;
  private nextFile = 0;
  private pending = new Map<
    number,
    { resolve: (r: FileResult) => void; reject: (e: Error) => void }
  >();
  private inFlight = 0;
  private drained: (() => void) | null = null;
  private failed: Error | null = null;
  private flushed: (() => void) | null = null;
  /** Reusable buffers of the largest chunk size, passed back and forth. */
  private slabs: ArrayBuffer[] = [];
  /** Packs the worker closed and handed over; the one it writes next is numbered this. */
  private packsReceived = 0;
  private readonly tmpPrefix: string;

  /** Null when the native BLAKE3 is not available (the caller hashes in-thread instead). */
  static create(chunks: ChunkStore, maxChunk: number): ChunkWorker | null {
    if (hashBackend !== 'native') return null;
    chunks.sweepTmp(); // its packs bypass writer()
    const blakePath = createRequire(import.meta.url).resolve('@napi-rs/blake-hash');
    return new ChunkWorker(chunks, blakePath, maxChunk);
  }

  private constructor(
    private readonly chunks: ChunkStore,
    blakePath: string,
    private readonly slabSize: number,
  ) {
    const prefix = `${process.pid}-w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    this.tmpPrefix = `${chunks.root}/tmp/pack-${prefix}-`;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        root: chunks.root,
        prefix,
        blakePath,
        entropyLimit: ENTROPY_LIMIT,
        packTarget: PACK_TARGET,
        known: chunks.knownIds(),
      },
    });
    this.worker.on(
      'message',
      (
        m: {
          t: string;
          file: number;
          bytes: number;
          buf: ArrayBuffer;
          message: string;
        } & FileResult &
          WrittenPack,
      ) => {
        if (m.t === 'ack') {
          this.inFlight -= Math.max(m.bytes, this.slabSize);
          // Reuse the slab: a fresh ArrayBuffer per chunk is zeroed and page-faulted every time.
          if (m.buf.byteLength === this.slabSize) this.slabs.push(m.buf);
          if (this.inFlight < MAX_BYTES_IN_FLIGHT / 2) this.wake();
        } else if (m.t === 'file') {
          this.pending.get(m.file)?.resolve(m);
          this.pending.delete(m.file);
        } else if (m.t === 'pack') {
          this.packsReceived++;
          this.chunks.track(this.chunks.seal({ tmp: m.tmp, size: m.size, entries: m.entries }));
        } else if (m.t === 'flushed') {
          this.flushed?.();
          this.flushed = null;
        } else if (m.t === 'error') {
          // The errno code (ENOSPC, EFBIG...) is what the user's one-line error names.
          const code = (m as { code?: unknown }).code;
          this.fail(Object.assign(new Error(`chunk writer: ${m.message}`), { code }));
        }
      },
    );
    this.worker.on('error', (e) => this.fail(e));
  }

  private wake(): void {
    const d = this.drained;
    this.drained = null;
    d?.();
  }

  private fail(e: Error): void {
    this.failed ??= e;
    this.flushed?.();
    this.flushed = null;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.wake();
  }

  /** Start a file; returns the id to pass to chunk() and end(). */
  begin(): { file: number; result: Promise<FileResult> } {
    const file = this.nextFile++;
    const failed = this.failed;
    // A failed worker answers nothing more: a file begun now (say an empty one) must not wait.
    const result = new Promise<FileResult>((resolve, reject) => {
      if (failed) reject(failed);
      else this.pending.set(file, { resolve, reject });
    });
    result.catch(() => {}); // observed by the caller later; avoid an unhandled rejection meanwhile
    return { file, result };
  }

  /** Hand over a copy of `chunk`; waits when too many bytes are queued. */
  async chunk(file: number, chunk: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    const ab =
      chunk.length <= this.slabSize
        ? (this.slabs.pop() ?? new ArrayBuffer(this.slabSize))
        : new ArrayBuffer(chunk.length);
    new Uint8Array(ab, 0, chunk.length).set(chunk);
    this.inFlight += Math.max(chunk.length, this.slabSize);
    this.worker.postMessage({ t: 'chunk', file, buf: ab, len: chunk.length }, [ab]);
    while (this.inFlight >= MAX_BYTES_IN_FLIGHT && !this.failed) {
      await new Promise<void>((r) => (this.drained = r));
    }
  }

  end(file: number): void {
    this.worker.postMessage({ t: 'end', file });
  }

  /** Close the worker's open pack; its seal is then tracked by the ChunkStore. */
  async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    await new Promise<void>((resolve) => {
      this.flushed = resolve;
      this.worker.postMessage({ t: 'flush' });
    });
    if (this.failed) throw this.failed;
  }

  /**
   * Stop the worker. After a failure its open pack (and any it closed that was not handed over)
   * is removed: left in tmp/, up to 32 MiB each would hold the space a retry needs.
   */
  async close(): Promise<void> {
    await this.worker.terminate();
    for (let n = this.packsReceived; ; n++) {
      try {
        await unlink(`${this.tmpPrefix}${n}`);
      } catch {
        break;
      }
    }
  }
}
