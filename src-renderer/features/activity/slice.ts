/**
 * The activity slice: the feeds the page shows, one per scope (`*` for the whole hub, `ns/name`
 * for a project), each with its filter, the events read so far (newest first) and the id to read
 * older ones from. Live events that match a feed's scope and filter are put on top.
 */
import type { StateCreator } from 'zustand';
import { activityKind, type ActivityEventWire } from '../../../src-shared/api/activity.js';
import { ACTIVITY_EVENT_TYPES, type LiveEvent } from '../../../src-shared/api/events.js';
import { toProblem, type Problem } from '../../lib/problem.js';
import { readFeed, type FeedFilter } from '../../services/activity.js';
import type { AppState } from '../../app/store.js';

export interface Feed {
  filter: FeedFilter;
  events: ActivityEventWire[];
  /** Where older events start (`before`); null once the oldest was read. */
  next: string | null;
  status: 'loading' | 'ready' | 'error';
  error: Problem | null;
  older: 'idle' | 'loading' | 'error';
  olderError: Problem | null;
}

export interface ActivitySlice {
  feeds: Record<string, Feed | undefined>;
  /** Show `scope` (null: the whole hub) with `filter`, reading its newest page. */
  openFeed(scope: string | null, filter: FeedFilter): Promise<void>;
  loadOlder(scope: string | null): Promise<void>;
  activityEvent(e: LiveEvent): void;
  /** The live stream is back after a drop: read each feed's newest page again. */
  activityResumed(): void;
}

export const feedKey = (scope: string | null) => scope ?? '*';

const LIVE_TYPES = new Set<string>(ACTIVITY_EVENT_TYPES);

export function matches(e: ActivityEventWire, scope: string | null, filter: FeedFilter): boolean {
  if (scope !== null && `${e.namespace}/${e.name}` !== scope) return false;
  if (filter.kind && activityKind(e.type) !== filter.kind) return false;
  if (filter.actor && e.actor !== filter.actor) return false;
  return true;
}

function newestFirst(a: ActivityEventWire, b: ActivityEventWire) {
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}

export const createActivitySlice: StateCreator<AppState, [], [], ActivitySlice> = (set, get) => {
  // The answer to the latest request of each feed wins; an earlier filter's late answer is dropped.
  const latest: Record<string, number> = {};
  let counter = 0;
  const patch = (key: string, change: (f: Feed) => Partial<Feed>) =>
    set((s) => {
      const f = s.feeds[key];
      return f ? { feeds: { ...s.feeds, [key]: { ...f, ...change(f) } } } : {};
    });
  const failed = (e: unknown): Problem => {
    const problem = toProblem(e);
    if (problem.code === 'UNAUTHORIZED') get().sessionEnded();
    return problem;
  };

  return {
    feeds: {},

    async openFeed(scope, filter) {
      const key = feedKey(scope);
      const ticket = (latest[key] = ++counter);
      set((s) => ({
        feeds: {
          ...s.feeds,
          [key]: {
            filter,
            events: [],
            next: null,
            status: 'loading',
            error: null,
            older: 'idle',
            olderError: null,
          },
        },
      }));
      try {
        const page = await readFeed(scope, filter);
        if (latest[key] !== ticket) return;
        // Live events that arrived while the page was on its way stay.
        patch(key, (f) => ({
          status: 'ready',
          events: merge(f.events, page.events),
          next: page.next,
        }));
      } catch (e) {
        if (latest[key] === ticket) patch(key, () => ({ status: 'error', error: failed(e) }));
      }
    },

    async loadOlder(scope) {
      const key = feedKey(scope);
      const feed = get().feeds[key];
      if (!feed || feed.status !== 'ready' || !feed.next || feed.older === 'loading') return;
      const ticket = latest[key];
      patch(key, () => ({ older: 'loading', olderError: null }));
      try {
        const page = await readFeed(scope, feed.filter, feed.next);
        if (latest[key] !== ticket) return;
        patch(key, (f) => ({
          older: 'idle',
          events: merge(f.events, page.events),
          next: page.next,
        }));
      } catch (e) {
        if (latest[key] === ticket) patch(key, () => ({ older: 'error', olderError: failed(e) }));
      }
    },

    activityEvent(e) {
      if (!LIVE_TYPES.has(e.type)) return;
      const event = e.data as ActivityEventWire;
      for (const [key, feed] of Object.entries(get().feeds)) {
        if (!feed || !matches(event, key === '*' ? null : key, feed.filter)) continue;
        patch(key, (f) => ({ events: merge(f.events, [event]) }));
      }
    },

    activityResumed() {
      for (const [key, feed] of Object.entries(get().feeds)) {
        if (!feed) continue;
        const scope = key === '*' ? null : key;
        const ticket = latest[key];
        void readFeed(scope, feed.filter).then(
          (page) => {
            if (latest[key] !== ticket) return;
            const known = get().feeds[key]?.events ?? [];
            const newest = known[0];
            // The newest page reaches back past what was shown: merge. Else events were missed
            // between the two: start again from the newest page.
            const joins =
              !newest || page.next === null || page.events.some((x) => x.id <= newest.id);
            patch(key, (f) =>
              joins
                ? { events: merge(f.events, page.events) }
                : { events: page.events, next: page.next },
            );
          },
          () => {},
        );
      }
    },
  };
};

function merge(known: ActivityEventWire[], more: ActivityEventWire[]): ActivityEventWire[] {
  const seen = new Set(known.map((x) => x.id));
  const fresh = more.filter((x) => !seen.has(x.id));
  return fresh.length === 0 ? known : [...known, ...fresh].sort(newestFirst);
}
