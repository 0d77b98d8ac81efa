/**
 * A memory cache for answers that are slow to compute (a waveform's peaks): requests for a key
 * already being computed wait for that one computation instead of starting another, and the
 * cache forgets the least recently used answers once it holds more than `maxEntries` or its
 * answers weigh more than `maxBytes` (as `weigh` counts them). A failed computation is not kept,
 * so the next request tries again.
 */

export interface SharedCacheOptions<V> {
  maxEntries: number;
  maxBytes: number;
  /** An estimate of the memory an answer holds. */
  weigh: (value: V) => number;
}

export class SharedCache<V> {
  /** Kept in use order: the first key is the least recently used. */
  private readonly done = new Map<string, { value: V; bytes: number }>();
  private readonly pending = new Map<string, Promise<V>>();
  private bytes = 0;

  constructor(private readonly opts: SharedCacheOptions<V>) {}

  get size(): number {
    return this.done.size;
  }

  get weight(): number {
    return this.bytes;
  }

  /** The answer for `key`: cached, being computed, or computed now by `compute`. */
  get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.done.get(key);
    if (hit) {
      this.done.delete(key);
      this.done.set(key, hit);
      return Promise.resolve(hit.value);
    }
    const running = this.pending.get(key);
    if (running) return running;
    const started = (async () => compute())();
    this.pending.set(key, started);
    const settle = () => this.pending.delete(key);
    started.then((value) => {
      settle();
      this.keep(key, value);
    }, settle);
    return started;
  }

  private keep(key: string, value: V): void {
    const bytes = this.opts.weigh(value);
    // An answer heavier than the whole budget would only push everything else out.
    if (bytes > this.opts.maxBytes) return;
    this.done.set(key, { value, bytes });
    this.bytes += bytes;
    for (const [k, v] of this.done) {
      if (this.done.size <= this.opts.maxEntries && this.bytes <= this.opts.maxBytes) break;
      this.done.delete(k);
      this.bytes -= v.bytes;
    }
  }
}
