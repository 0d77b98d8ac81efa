import { SyncLimits } from '../../src-shared/api/sync.js';
import type { ChunkSink, SyncStore } from './store-port.js';

/**
 * A buffer that holds one unit of chunks as read from a pack: its raw bytes plus, per chunk, a
 * format byte and the pack record header between neighbours (4096 chunks at most: < 256 KiB).
 */
export const UNIT_BUFFER_BYTES = SyncLimits.packBytes + 256 * 1024;

/**
 * Overlap of network and disk on both ends: file operations go through libuv's thread pool, so
 * doing them one at a time leaves the socket idle between chunks. Both helpers are bounded so
 * memory stays a few MiB whatever the project size.
 */

/** Yield `fn(item)` for each item in order, keeping up to `depth` of them running ahead. */
export async function* readAhead<T, R>(
  items: T[],
  depth: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<[T, R]> {
  const queue: Promise<R>[] = [];
  let next = 0;
  const fill = () => {
    while (queue.length < depth && next < items.length) {
      const p = fn(items[next++]!);
      p.catch(() => {}); // observed when its turn comes; never an unhandled rejection
      queue.push(p);
    }
  };
  fill();
  for (let i = 0; i < items.length; i++) {
    const value = await queue.shift()!;
    fill();
    yield [items[i]!, value];
  }
}

/** Writes in flight, bounded by count and bytes; the first failure is thrown by add() or drain(). */
export class Inflight {
  private running = new Set<Promise<void>>();
  private bytes = 0;
  private failed: { error: unknown } | null = null;

  constructor(
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  async add(work: () => Promise<unknown>, bytes: number): Promise<void> {
    while (
      this.running.size > 0 &&
      (this.running.size >= this.maxCount || this.bytes + bytes > this.maxBytes)
    ) {
      await Promise.race(this.running);
    }
    if (this.failed) throw this.failed.error;
    this.bytes += bytes;
    const p: Promise<void> = work()
      .then(() => {})
      .catch((e: unknown) => {
        this.failed ??= { error: e };
      })
      .finally(() => {
        this.bytes -= bytes;
        this.running.delete(p);
      });
    this.running.add(p);
  }

  /** Wait for everything in flight; throws the first failure. */
  async drain(): Promise<void> {
    while (this.running.size) await Promise.race(this.running);
    if (this.failed) throw this.failed.error;
  }
}

/**
 * Chunks arriving from the network, into one store pack at a time: each is verified and copied
 * as it comes, a few pack writes in flight while the next ones arrive.
 */
export class IncomingChunks {
  private writes = new Inflight(8, 16 * 1024 * 1024);
  private pack: ChunkSink | null = null;

  constructor(private readonly store: Pick<SyncStore, 'chunkWriter'>) {}

  /** See ChunkSink.add. */
  add(id: string, bytes: Buffer | readonly Buffer[], stored?: Buffer | 'raw'): Promise<void> {
    const pack = (this.pack ??= this.store.chunkWriter());
    const size = Array.isArray(bytes) ? bytes.reduce((n, b) => n + b.length, 0) : bytes.length;
    return this.writes.add(() => pack.add(id, bytes, stored), size);
  }

  /** Make every chunk added durable and visible; the next add starts a new pack. */
  async seal(): Promise<void> {
    await this.writes.drain();
    const p = this.pack;
    this.pack = null;
    await p?.seal();
  }

  /** After a failure: keep the chunks that arrived verified (a retry skips them). Never throws. */
  async keep(): Promise<void> {
    await this.writes.drain().catch(() => {});
    const p = this.pack;
    this.pack = null;
    await p?.seal().catch(() => {});
  }

  /** After a refused pack: drop the chunks not yet sealed, so nothing of it is stored. */
  async drop(): Promise<void> {
    await this.writes.drain().catch(() => {});
    const p = this.pack;
    this.pack = null;
    await p?.abort().catch(() => {});
  }
}
