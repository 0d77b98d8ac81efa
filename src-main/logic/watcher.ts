import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { isAuxinError } from '../../src-shared/errors.js';
import { SettleAggregator, realClock, type Clock } from './aggregator.js';
import { diffMetadata, metadataChanged, type MetadataDiff } from './diff.js';
import { fingerprint, lastSaved } from './fingerprint.js';
import { createChokidarAdapter, type FsWatchAdapter } from './fs-watch.js';
import { inspectBundlePath, type BundleReading } from './reader.js';
import { createIgnore, locateBundle } from './watch-paths.js';

/** A project the watcher knows: its bundle path, metadata and last save time. */
export interface WatchedProject {
  path: string;
  metadata: LogicMetadata;
  /** Newest modification time of the state files (ISO 8601), when known. */
  saved_at?: string;
}
export type ProjectAdded = WatchedProject;
export interface ProjectUpdated extends WatchedProject {
  diff: MetadataDiff;
}
export interface ProjectRemoved {
  path: string;
}
export interface ProjectUnreadable {
  path: string;
  error: string;
}

export interface ProjectWatcherEvents {
  'project.added': [ProjectAdded];
  'project.updated': [ProjectUpdated];
  'project.removed': [ProjectRemoved];
  /** The bundle stayed unreadable after the retries; it keeps its last known metadata. */
  'project.unreadable': [ProjectUnreadable];
  error: [Error];
}

export interface ProjectWatcherOptions {
  /** Quiet time after the last relevant event before reading a bundle. Default 2000 ms. */
  quietMs?: number;
  /** Read anyway this long after the first event if events never stop. Default 10 × quietMs. */
  maxWaitMs?: number;
  /** Gap between the two fingerprints that must match. Default quietMs / 10, at most 100 ms. */
  stableMs?: number;
  /** Reads retried this many times while a file is mid-write. Default 3. */
  retries?: number;
  /** Bundles read at once (the initial scan of a big library). Default 4. */
  concurrency?: number;
  adapter?: FsWatchAdapter;
  clock?: Clock;
}

/** Logic's default library on macOS; no default elsewhere. */
export function defaultLibrary(): string | undefined {
  return process.platform === 'darwin' ? path.join(os.homedir(), 'Music', 'Logic') : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watches library folders and tells what Logic saved: one event per save, with the parsed
 * metadata and, for updates, what changed. It only reads; it never writes inside a bundle.
 */
export class ProjectWatcher extends EventEmitter<ProjectWatcherEvents> {
  private readonly known = new Map<string, WatchedProject>();
  private readonly attempts = new Map<string, number>();
  private readonly running = new Set<string>();
  private readonly again = new Set<string>();
  private readonly slotWaiters: Array<() => void> = [];
  private active = 0;
  private readonly aggregator: SettleAggregator;
  private readonly adapter: FsWatchAdapter;
  private readonly o: Required<Omit<ProjectWatcherOptions, 'adapter' | 'clock'>>;
  private readonly idleWaiters: Array<() => void> = [];
  private readonly ignore: (p: string) => boolean;
  private scanned = false;
  private closed = false;

  constructor(
    private readonly roots: string[],
    opts: ProjectWatcherOptions = {},
  ) {
    super();
    const quietMs = opts.quietMs ?? 2000;
    this.o = {
      quietMs,
      maxWaitMs: opts.maxWaitMs ?? quietMs * 10,
      stableMs: opts.stableMs ?? Math.min(100, Math.ceil(quietMs / 10)),
      retries: opts.retries ?? 3,
      concurrency: opts.concurrency ?? 4,
    };
    this.adapter = opts.adapter ?? createChokidarAdapter();
    this.ignore = createIgnore(roots);
    this.aggregator = new SettleAggregator(this.o, (b) => this.enqueue(b), opts.clock ?? realClock);
  }

  /** Starts watching; resolves once the initial scan is done and its bundles are read. */
  async start(): Promise<void> {
    const ready = new Promise<void>((resolve) => {
      this.adapter.start(this.roots, this.ignore, {
        event: (type, p) => this.onFsEvent(type, p),
        ready: () => resolve(),
        error: (e) => this.emit('error', e),
      });
    });
    await ready;
    this.scanned = true;
    await this.whenIdle();
  }

  /** The projects seen so far, by bundle path, with their latest metadata. */
  projects(): Map<string, WatchedProject> {
    return new Map(this.known);
  }

  /** Resolves when no bundle is waiting to settle or being read. */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.aggregator.close();
    await this.adapter.close();
    this.wakeIdle();
  }

  private isIdle(): boolean {
    return this.aggregator.size === 0 && this.running.size === 0;
  }

  private wakeIdle(): void {
    if (!this.isIdle() && !this.closed) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private onFsEvent(type: string, p: string): void {
    // The adapter filters too, but an event for an ignored path must never trigger a read.
    if (this.closed || this.ignore(p)) return;
    const loc = locateBundle(p);
    if (loc) {
      this.aggregator.touch(loc.bundle);
      return;
    }
    // A folder holding bundles went away (or was renamed): re-check the bundles under it.
    if (type === 'unlinkDir') {
      const prefix = path.resolve(p) + path.sep;
      for (const b of this.known.keys()) if (b.startsWith(prefix)) this.aggregator.touch(b);
    }
  }

  private enqueue(bundle: string): void {
    if (this.closed) return;
    if (this.running.has(bundle)) {
      this.again.add(bundle);
      return;
    }
    this.running.add(bundle);
    this.settle(bundle)
      .catch((e) => this.emit('error', e instanceof Error ? e : new Error(String(e))))
      .finally(() => {
        this.running.delete(bundle);
        if (this.again.delete(bundle)) this.aggregator.touch(bundle);
        this.wakeIdle();
      });
  }

  /** Limits concurrent reads (not the cheap stability checks) during a big initial scan. */
  private async acquire(): Promise<void> {
    if (this.active < this.o.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.slotWaiters.push(r));
  }

  private release(): void {
    const next = this.slotWaiters.shift();
    if (next) next();
    else this.active--;
  }

  /** Reads a bundle whose events went quiet, if its files hold still, and emits what changed. */
  private async settle(bundle: string): Promise<void> {
    const before = await fingerprint(bundle);
    if (before !== null) {
      await sleep(this.o.stableMs);
      if ((await fingerprint(bundle)) !== before) return void this.retry(bundle, false);
    }
    if (this.closed) return;
    if (before === null) return this.gone(bundle);
    await this.acquire();
    try {
      await this.readAndEmit(bundle, before);
    } finally {
      this.release();
    }
  }

  private async readAndEmit(bundle: string, before: string): Promise<void> {
    let reading: BundleReading;
    try {
      reading = await inspectBundlePath(bundle);
    } catch (e) {
      if (isAuxinError(e) && e.code === 'NOT_A_BUNDLE') return this.gone(bundle);
      if (this.retry(bundle, true)) return;
      this.emit('project.unreadable', { path: bundle, error: (e as Error).message });
      return;
    }
    if ((await fingerprint(bundle)) !== before) return void this.retry(bundle, false);
    if (reading.unreadable.length > 0 && this.retry(bundle, true)) return;
    this.attempts.delete(bundle);
    if (this.closed) return;
    const prev = this.known.get(bundle);
    const project: WatchedProject = { path: bundle, metadata: reading.metadata };
    const savedAt = await lastSaved(bundle);
    if (savedAt) project.saved_at = savedAt;
    this.known.set(bundle, project);
    if (!prev) this.emit('project.added', project);
    else if (metadataChanged(prev.metadata, reading.metadata)) {
      const diff = diffMetadata(prev.metadata, reading.metadata);
      this.emit('project.updated', { ...project, diff });
    }
  }

  /** Schedules another look; false once a failing read has used up its retries. */
  private retry(bundle: string, failed: boolean): boolean {
    if (failed) {
      const n = (this.attempts.get(bundle) ?? 0) + 1;
      if (n > this.o.retries) {
        this.attempts.delete(bundle);
        return false;
      }
      this.attempts.set(bundle, n);
      this.aggregator.touch(bundle, this.o.quietMs * n);
    } else this.aggregator.touch(bundle);
    return true;
  }

  private gone(bundle: string): void {
    this.attempts.delete(bundle);
    if (this.known.delete(bundle)) this.emit('project.removed', { path: bundle });
  }

  get initialScanDone(): boolean {
    return this.scanned;
  }
}
