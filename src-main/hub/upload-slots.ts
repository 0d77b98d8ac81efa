/**
 * How many pack uploads each account has in flight. A pack may hold one record of up to a tree's
 * limit in memory while it arrives, so without a cap one account sending many packs at once
 * could make the hub hold as many records: 16 packs of 63 MiB took it past 1 GiB.
 */
import { AuxinError } from '../../src-shared/errors.js';

export class UploadSlots {
  private readonly busy = new Map<string, number>();

  constructor(private readonly perUser: number) {}

  /** A slot for `user`, or 429 TOO_MANY_UPLOADS; the returned function gives it back (once). */
  take(user: string): () => void {
    const n = this.busy.get(user) ?? 0;
    if (n >= this.perUser) {
      throw new AuxinError(
        'TOO_MANY_UPLOADS',
        `${user} already has ${n} uploads in progress (at most ${this.perUser}); try again in a moment`,
        { limit: this.perUser, retry_after_seconds: 1 },
      );
    }
    this.busy.set(user, n + 1);
    let given = false;
    return () => {
      if (given) return;
      given = true;
      const left = (this.busy.get(user) ?? 1) - 1;
      if (left > 0) this.busy.set(user, left);
      else this.busy.delete(user);
    };
  }

  inFlight(user: string): number {
    return this.busy.get(user) ?? 0;
  }
}
