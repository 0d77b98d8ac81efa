/**
 * Per-key settle timers (Syncthing's watch aggregator, in small): a key fires once no event
 * has touched it for `quietMs`, or `maxWaitMs` after its first event if the events never stop.
 * The clock is injectable so tests can drive it.
 */

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface AggregatorOptions {
  quietMs: number;
  maxWaitMs: number;
}

interface Pending {
  first: number;
  timer: unknown;
}

export class SettleAggregator {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly opts: AggregatorOptions,
    private readonly onSettle: (key: string) => void,
    private readonly clock: Clock = realClock,
  ) {}

  /** Records an event for `key`, (re)starting its quiet period. */
  touch(key: string, quietMs = this.opts.quietMs): void {
    const now = this.clock.now();
    const prev = this.pending.get(key);
    if (prev) this.clock.clearTimeout(prev.timer);
    const first = prev?.first ?? now;
    const due = Math.min(now + quietMs, first + this.opts.maxWaitMs);
    const timer = this.clock.setTimeout(() => this.fire(key), Math.max(0, due - now));
    this.pending.set(key, { first, timer });
  }

  private fire(key: string): void {
    this.pending.delete(key);
    this.onSettle(key);
  }

  get size(): number {
    return this.pending.size;
  }

  close(): void {
    for (const p of this.pending.values()) this.clock.clearTimeout(p.timer);
    this.pending.clear();
  }
}
