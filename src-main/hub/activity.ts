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
      text: e.text,
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
    opts: { limit: number; before?: string },
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
      if (events.length === opts.limit) {
        more = true;
        break;
      }
      events.push(event);
    }
    const next = more ? events[events.length - 1]!.id : null;
    return { events, next };
  }
}
