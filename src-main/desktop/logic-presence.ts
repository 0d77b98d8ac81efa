/**
 * Whether Logic Pro still has each Lock & Open project open, decided from repeated readings of
 * an `OpenDocuments` adapter (logic-documents.ts asks Logic itself on a Mac). The lease is renewed
 * only while a project is open (or still opening); once Logic closed it, the app offers "Commit,
 * push and release" instead of keeping the lock forever. When the readings cannot be had (not a
 * Mac, macOS refused the Automation permission, osascript keeps failing) the app says so once
 * and falls back to renewing while it runs, as before.
 */
import type { Clock } from './notify-policy.js';

export type Reading = { open: ReadonlySet<string> } | { unavailable: string };

export interface OpenDocuments {
  /** Which of `bundles` Logic Pro has open now; `unavailable` when this cannot be known at all. */
  read(bundles: readonly string[]): Promise<Reading>;
}

export interface PresenceEvents {
  /** Logic opened the project (first seen after Lock & Open, or opened again after a close). */
  opened(key: string): void;
  /** Logic closed it (or never opened it within the grace time). */
  closed(key: string): void;
  /** Detection is off for this run; renewing falls back to "while the app runs". */
  unavailable(reason: string): void;
}

export interface PresenceOptions {
  /** Between readings (5 s). */
  intervalMs?: number;
  /** How long Logic may take to open a project after Lock & Open (a large one, plug-in prompts). */
  openGraceMs?: number;
  /** Readings in a row without the project before it counts as closed (a Save As closes briefly). */
  closedReadings?: number;
  /** Failed readings in a row before detection is given up for this run. */
  failuresBeforeUnavailable?: number;
}

type State = 'opening' | 'open' | 'closed';
interface Watch {
  bundle: string;
  state: State;
  since: number;
  misses: number;
}

export class LogicPresence {
  private readonly watches = new Map<string, Watch>();
  private timer: unknown = null;
  private failures = 0;
  private reading = false;
  private off: string | null = null;
  private readonly o: Required<PresenceOptions>;

  constructor(
    private readonly docs: OpenDocuments,
    private readonly clock: Clock,
    private readonly events: PresenceEvents,
    o: PresenceOptions = {},
  ) {
    this.o = {
      intervalMs: o.intervalMs ?? 5_000,
      openGraceMs: o.openGraceMs ?? 3 * 60_000,
      closedReadings: o.closedReadings ?? 3,
      failuresBeforeUnavailable: o.failuresBeforeUnavailable ?? 3,
    };
  }

  /** Why detection is off for this run, or null while it works. */
  get unavailable(): string | null {
    return this.off;
  }

  /** Follow a project Lock & Open just opened. */
  watch(key: string, bundle: string): void {
    this.watches.set(key, { bundle, state: 'opening', since: this.clock.now(), misses: 0 });
    this.schedule();
  }

  forget(key: string): void {
    this.watches.delete(key);
    if (this.watches.size === 0 && this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
  }

  stateOf(key: string): State | null {
    return this.watches.get(key)?.state ?? null;
  }

  /** Renew the lease now? Not once Logic closed the project, unless detection is off. */
  shouldRenew(key: string): boolean {
    return this.off !== null || this.watches.get(key)?.state !== 'closed';
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.watches.clear();
  }

  /** One reading and its transitions (the timer calls this; tests may too). */
  async poll(): Promise<void> {
    if (this.off !== null || this.reading || this.watches.size === 0) return;
    this.reading = true;
    let r: Reading | null;
    try {
      r = await this.docs.read([...this.watches.values()].map((w) => w.bundle));
      this.failures = 0;
    } catch (e) {
      // One failed reading says nothing about the project: count it, decide nothing.
      r =
        ++this.failures >= this.o.failuresBeforeUnavailable
          ? {
              unavailable: `asking Logic Pro failed ${this.failures} times: ${(e as Error).message}`,
            }
          : null;
    } finally {
      this.reading = false;
    }
    if (r && 'unavailable' in r) {
      this.off = r.unavailable;
      this.events.unavailable(r.unavailable);
      return;
    }
    if (r) this.apply(r.open);
  }

  private apply(open: ReadonlySet<string>): void {
    const now = this.clock.now();
    for (const [key, w] of this.watches) {
      const isOpen = open.has(w.bundle);
      if (isOpen) {
        w.misses = 0;
        if (w.state !== 'open') {
          w.state = 'open';
          this.events.opened(key);
        }
      } else if (w.state === 'open' && ++w.misses >= this.o.closedReadings) {
        w.state = 'closed';
        this.events.closed(key);
      } else if (w.state === 'opening' && now - w.since >= this.o.openGraceMs) {
        w.state = 'closed';
        this.events.closed(key);
      }
    }
  }

  private schedule(): void {
    if (this.timer !== null || this.off !== null) return;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.poll().finally(() => {
        if (this.watches.size > 0) this.schedule();
      });
    }, this.o.intervalMs);
  }
}
