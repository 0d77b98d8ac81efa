/**
 * Failed sign-ins per key in a sliding window; a clock is injected so tests need not wait.
 * An attempt is reserved (counted as a failure) before its password is checked, because the check
 * takes one scrypt: counting only after it let every attempt already in flight pass the limit.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly max = 5,
    private readonly windowMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const cutoff = this.now() - this.windowMs;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  /** Seconds until `key` may try again, or 0 when it may try now. */
  retryAfter(key: string): number {
    const list = this.recent(key);
    if (list.length < this.max) return 0;
    return Math.max(1, Math.ceil((list[0]! + this.windowMs - this.now()) / 1000));
  }

  /** Count one failure now; returns its stamp, for `release` should the attempt succeed. */
  fail(key: string): number {
    const list = this.recent(key);
    const stamp = this.now();
    list.push(stamp);
    this.failures.set(key, list);
    // Bound memory against a flood of distinct keys.
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
    return stamp;
  }

  /** Take back one failure counted by `fail` (the attempt it reserved turned out fine). */
  release(key: string, stamp: number): void {
    const list = this.failures.get(key);
    const i = list ? list.indexOf(stamp) : -1;
    if (i < 0) return;
    list!.splice(i, 1);
    if (list!.length === 0) this.failures.delete(key);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
