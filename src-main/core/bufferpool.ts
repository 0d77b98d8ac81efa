/**
 * Buffers of one size, reused instead of allocated per use: on a push, a clone or a checkout a
 * fresh buffer per read or per batch kept the garbage collector busy for most of a second per
 * GiB. Whoever takes a buffer gives it back only once nothing (a write, a socket, a read running
 * ahead) can still touch it; a buffer not given back is simply collected.
 */
export class BufferPool {
  private spare: Buffer[] = [];

  /** `keep`: how many idle buffers wait for reuse at most. */
  constructor(
    readonly size: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.spare.pop() ?? Buffer.allocUnsafe(this.size);
  }

  give(b: Buffer): void {
    if (this.spare.length < this.keep) this.spare.push(b);
  }
}
