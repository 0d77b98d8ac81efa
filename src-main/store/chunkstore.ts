import { readdirSync, readFileSync } from 'node:fs';
import { open, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { AuxinError } from '../../src-shared/errors.js';
import { decodeChunk, decodeStoredChunk } from './chunkcodec.js';
import { FdPool } from './fdpool.js';
import { isEnoent, type Durability } from './fsutil.js';
import { blake3Hex } from './hash.js';
import {
  decodeIndex,
  encodeIndex,
  PACK_NAME_RE,
  RECORD_HEADER,
  type PackEntry,
} from './packfile.js';
import { PackWriter } from './packwriter.js';
import { readStoredRuns, type RunSource } from './packruns.js';
import { sweepTmp } from './tmpsweep.js';

export interface ChunkLoc {
  pack: string;
  offset: number;
  length: number;
  /** Raw length; -1 until known for a chunk of a version 1 index. */
  size: number;
}

/** A pack written elsewhere (the commit worker) and closed, waiting to be made visible. */
export interface WrittenPack {
  tmp: string;
  size: number;
  entries: PackEntry[];
}

/** Packs of this size are sealed and a new one started: their fsync overlaps the next one's work. */
export const PACK_TARGET = 32 * 1024 * 1024;

const TMP_SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Every chunk of a store, in pack files under versions/ (see packfile.ts). The index of every
 * pack is held in memory (about 150 bytes a chunk, ~1 MiB per GiB of project); `refresh()` reads
 * the packs another process added or removed since, and is called on a miss, never per hit.
 */
export class ChunkStore {
  readonly dir: string;
  private locs = new Map<string, ChunkLoc>();
  private packs = new Map<string, string[]>();
  /** Index files that failed to load, with the reason (fsck reports them). */
  readonly damaged = new Map<string, string>();
  private loaded = false;
  private fds = new FdPool();
  private sealing = new Set<Promise<void>>();
  private sealError: unknown = null;
  private current: PackWriter | null = null;
  /** The last sweep of tmp/ for a killed process's leftovers (see tmpsweep.ts). */
  tmpSweep: Promise<number> | null = null;
  private sweptAt = -Infinity;

  constructor(
    readonly root: string,
    private readonly durability: Durability,
  ) {
    this.dir = `${root}/versions`;
    this.fds.closeWith(this);
  }

  // ---- the index

  private ensureLoaded(): void {
    if (!this.loaded) this.refresh();
  }

  /** Pick up packs added (or removed by gc) since the last look, by this or another process. */
  refresh(): void {
    this.loaded = true;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (e) {
      if (isEnoent(e)) return;
      throw e;
    }
    const present = new Set<string>();
    for (const n of names) {
      if (!n.endsWith('.idx')) continue;
      const name = n.slice(0, -4);
      if (!PACK_NAME_RE.test(name)) continue;
      present.add(name);
      if (this.packs.has(name) || this.damaged.has(name)) continue;
      try {
        this.addPack(name, decodeIndex(readFileSync(`${this.dir}/${n}`)).entries);
      } catch (e) {
        if (isEnoent(e)) continue; // removed by gc while listing
        this.damaged.set(name, (e as Error).message);
      }
    }
    for (const name of [...this.packs.keys()]) if (!present.has(name)) this.dropPack(name);
    for (const name of [...this.damaged.keys()]) if (!present.has(name)) this.damaged.delete(name);
  }

  private addPack(name: string, entries: PackEntry[]): void {
    const ids: string[] = new Array<string>(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      ids[i] = e.id;
      // A newer copy (a gc repack) takes over; the old pack is about to go.
      this.locs.set(e.id, { pack: name, offset: e.offset, length: e.length, size: e.size });
    }
    this.packs.set(name, ids);
  }

  private dropPack(name: string): void {
    for (const id of this.packs.get(name) ?? []) {
      if (this.locs.get(id)?.pack === name) this.locs.delete(id);
    }
    this.packs.delete(name);
    this.fds.forget(this.packPath(name));
  }

  packPath(name: string): string {
    return `${this.dir}/${name}.pack`;
  }

  /** Known to this process's index (no disk access): a miss may be a chunk another process added. */
  has(id: string): boolean {
    this.ensureLoaded();
    return this.locs.has(id);
  }

  /** The ids among `ids` the store lacks, looking at the disk again before answering "missing". */
  missing(ids: Iterable<string>): string[] {
    this.ensureLoaded();
    let out = [...new Set(ids)].filter((id) => !this.locs.has(id));
    if (out.length > 0) {
      this.refresh();
      out = out.filter((id) => !this.locs.has(id));
    }
    return out;
  }

  count(): number {
    this.ensureLoaded();
    return this.locs.size;
  }

  /** Every pack's name and chunk ids. */
  listPacks(): { name: string; ids: string[] }[] {
    this.refresh();
    return [...this.packs].map(([name, ids]) => ({ name, ids }));
  }

  /** Raw 32-byte ids of every chunk, for a worker thread's own lookup set. */
  knownIds(): Buffer {
    this.ensureLoaded();
    const out = Buffer.allocUnsafe(this.locs.size * 32);
    let p = 0;
    for (const id of this.locs.keys()) p += out.write(id, p, 32, 'hex');
    return out;
  }

  location(id: string): (ChunkLoc & { path: string }) | null {
    this.ensureLoaded();
    let loc = this.locs.get(id);
    if (!loc) {
      this.refresh();
      loc = this.locs.get(id);
    }
    return loc ? { ...loc, path: this.packPath(loc.pack) } : null;
  }

  /** Raw length from the index in memory (no refresh): -1 from a version 1 index. */
  sizeOf(id: string): number | undefined {
    this.ensureLoaded();
    return this.locs.get(id)?.size;
  }

  /** The raw length of a stored chunk; only a chunk of a version 1 index is read, once. */
  async rawSize(id: string): Promise<number> {
    const known = this.location(id)?.size ?? -1;
    if (known >= 0) return known;
    const size = (await this.read(id)).length;
    const loc = this.locs.get(id);
    if (loc) loc.size = size;
    return size;
  }

  // ---- reading

  /** Stored bytes (format byte + payload) of a chunk, or the record header with them. */
  private async readStored(id: string, withHeader = false): Promise<Buffer> {
    for (let attempt = 0; ; attempt++) {
      const loc = this.location(id);
      if (!loc) throw new AuxinError('NOT_FOUND', `chunk ${id} not found`, { id });
      const skip = withHeader ? RECORD_HEADER : 0;
      try {
        return await this.fds.read(loc.path, loc.offset - skip, loc.length + skip);
      } catch (e) {
        // The pack was repacked away by a gc in another process: look again, once.
        if (!isEnoent(e) || attempt > 0) throw e;
        this.refresh();
      }
    }
  }

  /** The raw bytes of a chunk, as stored (not verified: see verify). */
  async read(id: string): Promise<Buffer> {
    return decodeStoredChunk(id, await this.readStored(id));
  }

  /**
   * The raw bytes of many chunks, in the order asked. Chunks that sit one after another in a
   * pack (a push or a clone asks in the order they were written) are read with one read of up to
   * `maxRun` bytes; the next run is read while the caller uses this one. With `arena`, as for
   * readManyStored: a chunk stored raw comes back as a view of it, valid until it is reused.
   */
  async *readMany(
    ids: string[],
    opts: { arena?: Buffer; maxRun?: number } = {},
  ): AsyncGenerator<[string, Buffer]> {
    for await (const [id, stored] of this.readManyStored(ids, opts)) {
      yield [id, decodeStoredChunk(id, stored)];
    }
  }

  /**
   * Like readMany, but each chunk as stored (format byte + payload, see chunkcodec.ts), so a push
   * can send it without decoding and re-encoding it. With `arena`, runs are read into it one
   * after another while they fit, instead of into new buffers: a caller that reuses its arenas
   * leaves the garbage collector nothing to do (a fresh 4 MiB buffer per run made a 1 GiB push
   * run some forty full collections). What is yielded is valid while the arena is not reused.
   */
  readManyStored(
    ids: string[],
    opts: { arena?: Buffer; maxRun?: number } = {},
  ): AsyncGenerator<[string, Buffer]> {
    const src: RunSource = {
      location: (id) => this.location(id),
      readAt: (path, offset, length, into) => this.fds.read(path, offset, length, into),
      readStored: (id) => this.readStored(id),
    };
    return readStoredRuns(src, ids, opts);
  }

  /** Null when the record carries this id and decodes to bytes hashing to it, else what is wrong. */
  async verify(id: string): Promise<string | null> {
    let rec: Buffer;
    try {
      rec = await this.readStored(id, true);
    } catch (e) {
      return (e as Error).message;
    }
    if (rec.toString('hex', 0, 32) !== id) return 'pack record does not carry this id';
    if (rec.readUInt32LE(32) !== rec.length - RECORD_HEADER) return 'pack record has a bad length';
    let raw: Buffer;
    try {
      raw = decodeChunk(rec.subarray(RECORD_HEADER));
    } catch {
      return 'stored bytes do not decode';
    }
    if (blake3Hex(raw) !== id) return 'content does not match its id';
    // Trees are checked against the index's size: it must be the chunk's.
    const loc = this.locs.get(id);
    if (loc && loc.size >= 0 && loc.size !== raw.length) {
      return `index says ${loc.size} bytes, the chunk holds ${raw.length}`;
    }
    if (loc) loc.size = raw.length;
    return null;
  }

  /** Stored bytes of one chunk, for copying it to another pack as it is (gc). */
  storedBytes(id: string): Promise<Buffer> {
    return this.readStored(id);
  }

  // ---- writing

  /** A writer of one new pack; `seal()` makes its chunks durable and visible. */
  writer(): PackWriter {
    this.sweepTmp();
    return new PackWriter(this);
  }

  /** Remove a killed process's leftovers from tmp/, in the background, when about to write. */
  sweepTmp(): void {
    // At most every few minutes: a readdir per upload request would be waste.
    const now = Date.now();
    if (now - this.sweptAt < TMP_SWEEP_EVERY_MS) return;
    this.sweptAt = now;
    this.tmpSweep = sweepTmp(`${this.root}/tmp`, now);
  }

  /** Queue a chunk whose id the caller computed from these bytes into the store's open pack. */
  async appendTrusted(id: string, raw: Uint8Array): Promise<boolean> {
    if (this.has(id) || this.current?.holds(id)) return false;
    this.current ??= this.writer();
    const w = this.current;
    await w.addRaw(id, raw);
    if (w.size >= PACK_TARGET && this.current === w) {
      this.current = null;
      this.track(w.seal());
    }
    return true;
  }

  /** Track a seal running in the background; flush() waits for it and reports its failure. */
  track(p: Promise<void>): void {
    const t = p.then(
      () => {},
      (e) => {
        this.sealError ??= e;
      },
    );
    this.sealing.add(t);
    void t.finally(() => this.sealing.delete(t));
  }

  /** Seal the open pack and wait for every seal in flight: all chunks written are durable. */
  async flush(): Promise<void> {
    const w = this.current;
    this.current = null;
    if (w) this.track(w.seal());
    while (this.sealing.size > 0) await Promise.all(this.sealing);
    const err = this.sealError;
    this.sealError = null;
    if (err) throw err;
  }

  /**
   * Give up what a failed snapshot was writing: its open pack is removed (nothing names its
   * chunks yet), seals in flight finish (a failed one removes its own files), and their error
   * is not left to fail the next flush of a long-lived process.
   */
  async discard(): Promise<void> {
    const w = this.current;
    this.current = null;
    await w?.abort();
    while (this.sealing.size > 0) await Promise.all(this.sealing);
    this.sealError = null;
  }

  /** Make a closed pack file durable, write its index, and rename both into place. */
  async seal(pack: WrittenPack): Promise<void> {
    if (pack.entries.length === 0) {
      await unlink(pack.tmp).catch(() => {});
      return;
    }
    const name = randomBytes(16).toString('hex');
    const idxTmp = `${pack.tmp}.idx`;
    try {
      // The index is written while the pack's fsync runs; both are durable before either name
      // appears. Both finish before a failure is handled, so the cleanup below finds their files.
      const done = await Promise.allSettled([
        fsyncFile(pack.tmp),
        writeFile(idxTmp, encodeIndex(pack.entries, pack.size), { flag: 'wx' }).then(() =>
          fsyncFile(idxTmp),
        ),
      ]);
      for (const d of done) if (d.status === 'rejected') throw d.reason;
      await rename(pack.tmp, this.packPath(name));
      await rename(idxTmp, `${this.dir}/${name}.idx`);
    } catch (e) {
      await unlink(pack.tmp).catch(() => {});
      await unlink(idxTmp).catch(() => {});
      throw e;
    }
    this.addPack(name, pack.entries);
    this.durability.wroteDir(this.dir);
  }

  /** Remove a pack (its index first, so no reader is sent to a file that is going). */
  async removePack(name: string): Promise<void> {
    await unlink(`${this.dir}/${name}.idx`).catch((e) => {
      if (!isEnoent(e)) throw e;
    });
    this.dropPack(name);
    this.damaged.delete(name);
    await unlink(this.packPath(name)).catch((e) => {
      if (!isEnoent(e)) throw e;
    });
    this.durability.wroteDir(this.dir);
  }

  /** Bytes of pack and index files on disk. */
  async diskBytes(): Promise<number> {
    let total = 0;
    for (const n of readdirSync(this.dir)) {
      if (n.endsWith('.pack') || n.endsWith('.idx')) {
        total += (await stat(`${this.dir}/${n}`).catch(() => ({ size: 0 }))).size;
      }
    }
    return total;
  }

  close(): void {
    this.fds.closeAll();
  }
}

async function fsyncFile(path: string): Promise<void> {
  const fh = await open(path, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
