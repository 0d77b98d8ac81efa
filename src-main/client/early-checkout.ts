/**
 * A clone writes each file into its new working folder as soon as the file's chunks are in the
 * local store, while the rest downloads, instead of writing every file after the last chunk:
 * over a LAN the checkout then hides behind the wire. The ordinary checkout (switchVersion) runs
 * after, as always: it finds these files holding the version (the index written here says so
 * without reading them again) and writes only what is left.
 *
 * Safe to kill at any point: a file is written beside its place, hash-checked and renamed in
 * (restoreFile), so each path holds the new version or nothing, which is exactly what the next
 * `auxin pull` accepts and completes. Only a clone uses it (a folder with no version yet), and
 * only for a tree of plain files and folders: no file is written through a link.
 */
import { lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { restoreFile } from '../store/restore.js';
import { fileEntry } from '../store/scan.js';
import type { Store } from '../store/store.js';
import { nowNs, WorkIndex } from '../store/workindex.js';

/** Test hook: after writing N files early, kill this process (for real). */
const KILL_AFTER = Number(process.env.AUXIN_TEST_EARLY_KILL_AFTER ?? 0);
/**
 * The checkout's own hooks (checkout.ts) cut the checkout that runs once the download is done:
 * with them set, every file is left to it, so they still cut where they say.
 */
const CHECKOUT_HOOKED = Boolean(
  process.env.AUXIN_TEST_CHECKOUT_KILL_AFTER || process.env.AUXIN_TEST_CHECKOUT_FAIL_AFTER,
);

export class EarlyCheckout {
  /** Chunk id -> the files still waiting for it. */
  private waiting = new Map<string, TreeEntry[]>();
  /** File -> how many distinct chunks it still waits for. */
  private left = new Map<TreeEntry, number>();
  private queue: TreeEntry[] = [];
  private written: TreeEntry[] = [];
  private running: Promise<void> | null = null;
  private stopped = false;

  private constructor(
    private readonly store: Store,
    private readonly workDir: string,
  ) {}

  /** Null when the tree holds anything but files and folders. */
  static plan(store: Store, workDir: string, entries: TreeEntry[]): EarlyCheckout | null {
    if (CHECKOUT_HOOKED || entries.some((e) => e.kind !== 'file' && e.kind !== 'dir')) return null;
    const early = new EarlyCheckout(store, workDir);
    for (const e of entries) {
      if (e.kind !== 'file' || !e.chunks?.length) continue;
      const ids = new Set(e.chunks.map((c) => c.id));
      early.left.set(e, ids.size);
      for (const id of ids) {
        const files = early.waiting.get(id);
        if (files) files.push(e);
        else early.waiting.set(id, [e]);
      }
    }
    return early;
  }

  /** These chunks are now durable in the store: write every file they complete. */
  stored(ids: Iterable<string>): void {
    for (const id of ids) {
      for (const e of this.waiting.get(id) ?? []) {
        const n = this.left.get(e)! - 1;
        this.left.set(e, n);
        if (n === 0) this.queue.push(e);
      }
      this.waiting.delete(id);
    }
    this.kick();
  }

  private kick(): void {
    if (this.running || this.stopped || !this.queue.length) return;
    // Cleared in a later microtask, so never before it is set here.
    this.running = this.drain().finally(() => {
      this.running = null;
    });
  }

  /** One file at a time: the download keeps the rest of the machine. */
  private async drain(): Promise<void> {
    while (this.queue.length && !this.stopped) {
      const e = this.queue.shift()!;
      const abs = `${this.workDir}/${e.path}`;
      try {
        await mkdir(dirname(abs), { recursive: true });
        await restoreFile(this.store, e, abs, undefined, { small: true });
      } catch {
        // The checkout after the download writes it (and reports what went wrong, if it does).
        continue;
      }
      this.written.push(e);
      if (this.written.length === KILL_AFTER) process.kill(process.pid, 'SIGKILL');
    }
  }

  /** Until nothing is being written and nothing waits to be. */
  private async settle(): Promise<void> {
    for (;;) {
      this.kick();
      if (!this.running) return;
      await this.running;
    }
  }

  /** Wait for the files being written; record them in the index so none is read again. */
  async finish(): Promise<void> {
    await this.settle();
    const index = await WorkIndex.load(`${this.store.root}/index`);
    const now = nowNs();
    for (const e of this.written) {
      // Gone or changed since: not recorded, so the checkout looks at it again.
      const st = await lstat(`${this.workDir}/${e.path}`, { bigint: true }).catch(() => null);
      if (st?.isFile()) index.record(fileEntry(e.path, st), e, now);
    }
    await index.save(this.store.objects.tmpDir);
    this.release();
  }

  /**
   * Let go of the tree's entries (and, through them, every chunk id) before the checkout after
   * the download parses the tree for itself: a 4 GiB project's plan holds ~10 MiB of heap.
   */
  private release(): void {
    this.waiting = new Map();
    this.left = new Map();
    this.queue = [];
    this.written = [];
  }

  /** After a failed download: stop writing, wait for the file in hand. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.settle();
    this.release();
  }
}
