/**
 * The hub's open stores, one per repository folder. Every route that reads or writes a repository
 * goes through the same store, so a push's durability batch sees each write made through it
 * before the branch moves, and reads reuse its chunk index and tree cache.
 *
 * A store left unused for `idleMs` is let go: a hub that runs for weeks over dozens of projects
 * would otherwise keep every chunk index and up to eight parsed trees of each (2.2 MB per GiB of
 * project) for good. A store still holding writes it has not made durable (a push that sent its
 * versions and never moved the branch) is kept: only its own `sync()` knows those files, and the
 * push's retry must not move a branch before they are on disk.
 */
import { Store } from '../store/store.js';

interface Entry {
  store: Store;
  used: number;
}

export interface OpenStoresOptions {
  idleMs?: number;
  now?: () => number;
}

export class OpenStores {
  private readonly entries = new Map<string, Entry>();
  private readonly idleMs: number;
  private readonly now: () => number;

  constructor(opts: OpenStoresOptions = {}) {
    this.idleMs = opts.idleMs ?? 10 * 60_000;
    this.now = opts.now ?? Date.now;
  }

  /** The store of the repository at `dir`, opened on first use. */
  get(dir: string): Store {
    const now = this.now();
    this.dropIdle(now);
    let e = this.entries.get(dir);
    if (!e) {
      e = { store: Store.open(dir), used: now };
      this.entries.set(dir, e);
    }
    e.used = now;
    return e.store;
  }

  /** Drop the store of `dir` now (its folder is being deleted or created). */
  forget(dir: string): void {
    this.entries.get(dir)?.store.close();
    this.entries.delete(dir);
  }

  closeAll(): void {
    for (const dir of [...this.entries.keys()]) this.forget(dir);
  }

  get size(): number {
    return this.entries.size;
  }

  private dropIdle(now: number): void {
    for (const [dir, e] of this.entries) {
      if (now - e.used < this.idleMs || e.store.unsynced > 0) continue;
      // A reader still holding it keeps working: close() leaves descriptors in use open.
      this.forget(dir);
    }
  }
}
