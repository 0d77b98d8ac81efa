/**
 * The activity feed: one JSON line per event in `<data>/.hub/activity/<ns>/<name>.jsonl`
 * (names percent-encoded so the file name is always one safe segment, `nameSegment`), broadcast
 * on the bus.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type { ActivityEvent, ActivityService, EventBus } from './types.js';
import { Mutex } from '../core/mutex.js';
import { linesBackward } from './feed-reader.js';
import { showHidden } from '../../src-shared/names.js';
import { activityKind, type ActivityKind } from '../../src-shared/api/activity.js';

export interface FeedQuery {
  limit: number;
  before?: string;
  kind?: ActivityKind;
  actor?: string;
}

/** The millisecond an event id was made at (ids start with the time in base 36). */
export function idTime(id: string): number {
  const t = parseInt(id.slice(0, 9), 36);
  return Number.isFinite(t) ? t : 0;
}

/**
 * How far an id's clock may run ahead of the file's mtime: the id clock steps +1 ms per event when
 * events come faster than the wall clock, and mtimes are coarse on some filesystems.
 */
const MTIME_SLACK_MS = 60_000;

/**
 * A name as one file-name segment. Percent-encoding takes up to 9 bytes per character (`€` is
 * `%E2%82%AC`), so a valid 255-byte name can encode to 700: past 200 bytes the segment keeps a
 * readable head and ends in a hash of the whole name, under the 255-byte limit of every filesystem.
 */
export function nameSegment(name: string): string {
  const encoded = encodeURIComponent(name);
  if (encoded.length <= 200) return encoded;
  return `${encoded.slice(0, 120)}~${createHash('sha256').update(name).digest('hex').slice(0, 32)}`;
}

export function stateFile(stateDir: string, kind: string, ns: string, name: string, ext: string) {
  return path.join(stateDir, kind, nameSegment(ns), `${nameSegment(name)}.${ext}`);
}

/** Ids sort by time: a strictly increasing millisecond clock plus a random tail. */
export function idClock(): () => string {
  let last = 0;
  return () => {
    last = Math.max(Date.now(), last + 1);
    return `${last.toString(36).padStart(9, '0')}${randomBytes(3).toString('hex')}`;
  };
}

export class FileActivity implements ActivityService {
  private readonly mutex = new Mutex();
  private readonly nextId = idClock();
  /** Feed files whose last append failed, perhaps half-way: the next line starts on a new one. */
  private readonly torn = new Set<string>();

  constructor(
    private readonly stateDir: string,
    private readonly events: EventBus,
    private readonly warn: (err: unknown, event: ActivityEvent) => void = () => {},
  ) {}

  private file(ns: string, name: string): string {
    return stateFile(this.stateDir, 'activity', ns, name, 'jsonl');
  }

  async record(
    namespace: string,
    name: string,
    e: { type: string; actor: string; text: string; details?: Record<string, unknown> },
  ): Promise<ActivityEvent> {
    const event: ActivityEvent = {
      id: this.nextId(),
      type: e.type,
      actor: e.actor,
      time: new Date().toISOString(),
      namespace,
      name,
      // One line, nothing a terminal or a feed would act on: whatever a name, a branch or a
      // message slipped in is shown as `\u{1b}`, never sent as it is.
      text: showHidden(e.text.replace(/\r?\n|\t/g, ' ')),
      details: e.details ?? {},
    };
    const file = this.file(namespace, name);
    // The feed tells of what happened; it never undoes it. When the line cannot be written (a
    // full disk) the push, comment or lock it tells of has already happened, so the caller must
    // not be told otherwise: the event is still broadcast, and the loss is logged.
    await this.mutex.run(async () => {
      const line = `${this.torn.has(file) ? '\n' : ''}${JSON.stringify(event)}\n`;
      try {
        await fsp.mkdir(path.dirname(file), { recursive: true });
        await fsp.appendFile(file, line);
        this.torn.delete(file);
      } catch (err) {
        this.torn.add(file);
        this.warn(err, event);
      }
    });
    this.events.publish({ type: event.type, namespace, name, data: { ...event } });
    return event;
  }

  async forget(namespace: string, name: string): Promise<void> {
    await this.mutex.run(() => fsp.rm(this.file(namespace, name), { force: true }));
  }

  async list(
    namespace: string,
    name: string,
    opts: FeedQuery,
  ): Promise<{ events: ActivityEvent[]; next: string | null }> {
    // Newest first, from the end of the file: page 1 of a feed of years costs what it shows.
    const events: ActivityEvent[] = [];
    let more = false;
    for await (const line of linesBackward(this.file(namespace, name))) {
      let event: ActivityEvent;
      try {
        event = JSON.parse(line) as ActivityEvent;
      } catch {
        // A line torn by a crash mid-append: skip it, keep the rest of the feed.
        continue;
      }
      if (opts.before && !(event.id < opts.before)) continue;
      // A filter that matches little reads further back: at worst the whole feed, never more.
      if (opts.kind && activityKind(event.type) !== opts.kind) continue;
      if (opts.actor && event.actor !== opts.actor) continue;
      if (events.length === opts.limit) {
        more = true;
        break;
      }
      events.push(event);
    }
    const next = more ? events[events.length - 1]!.id : null;
    return { events, next };
  }

  /**
   * Several repositories' feeds merged, newest first, paged like one (`next` = the last id shown).
   * Feeds are read most recently written first; once `limit` events are held, a feed last written
   * before the oldest of them cannot add one, and it and every feed after it are skipped: the
   * first page reads only the feeds that were active lately.
   */
  async listMany(
    repos: Array<{ namespace: string; name: string }>,
    opts: FeedQuery,
  ): Promise<{ events: ActivityEvent[]; next: string | null }> {
    const feeds = (
      await Promise.all(
        repos.map(async (r) => {
          try {
            return { ...r, mtime: (await fsp.stat(this.file(r.namespace, r.name))).mtimeMs };
          } catch {
            return null;
          }
        }),
      )
    )
      .filter((f) => f !== null)
      .sort((a, b) => b.mtime - a.mtime);
    const want = opts.limit + 1;
    let held: ActivityEvent[] = [];
    for (const feed of feeds) {
      if (held.length === want && feed.mtime + MTIME_SLACK_MS < idTime(held[want - 1]!.id)) break;
      const page = await this.list(feed.namespace, feed.name, { ...opts, limit: want });
      held = held
        .concat(page.events)
        .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .slice(0, want);
    }
    const events = held.slice(0, opts.limit);
    return { events, next: held.length > opts.limit ? events[events.length - 1]!.id : null };
  }
}
