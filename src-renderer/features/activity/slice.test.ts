/** The activity slice without a component: late answers, resuming after a dropped stream. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEventWire } from '../../../src-shared/api/activity.js';
import { resetStore, scriptedHub } from '../../app/testing.js';
import { useStore } from '../../app/store.js';
import { api, setApiClient } from '../../services/client.js';

let clock = 2_000_000;
function ev(type = 'push'): ActivityEventWire {
  clock += 1000;
  return {
    id: clock.toString(36).padStart(9, '0') + '000000',
    type,
    actor: 'ana',
    time: new Date().toISOString(),
    namespace: 'studio',
    name: 'Song.logicx',
    text: '',
    details: {},
  };
}

beforeEach(resetStore);

describe('the activity slice', () => {
  it('keeps the answer to the latest filter when an earlier one answers late', async () => {
    const slow = ev();
    const fast = ev('lock.acquired');
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    scriptedHub({});
    const real = api();
    let first = true;
    // The first request waits at the gate; the second answers at once.
    setApiClient({
      ...real,
      call: (async () => {
        if (first) {
          first = false;
          await gate;
          return { events: [slow], next: null };
        }
        return { events: [fast], next: null };
      }) as typeof real.call,
    });
    const a = useStore.getState().openFeed(null, {});
    const b = useStore.getState().openFeed(null, { kind: 'lock' });
    await b;
    release();
    await a;
    const feed = useStore.getState().feeds['*']!;
    expect(feed.filter).toEqual({ kind: 'lock' });
    expect(feed.events.map((e) => e.id)).toEqual([fast.id]);
  });

  it('after a dropped stream, merges the newest page, or starts again when events were missed', async () => {
    const old = [ev(), ev()].reverse();
    let answer = { events: old, next: null as string | null };
    scriptedHub({ 'GET /api/activity': () => ({ json: answer }) });
    await useStore.getState().openFeed(null, {});
    const one = ev();
    // One event missed: the newest page reaches back to what is shown.
    answer = { events: [one, ...old], next: null };
    useStore.getState().activityResumed();
    await new Promise((r) => setTimeout(r, 20));
    expect(useStore.getState().feeds['*']!.events.map((e) => e.id)).toEqual(
      [one, ...old].map((e) => e.id),
    );
    // More missed than a page holds: the page replaces the list, paging back from its end.
    const many = [ev(), ev(), ev()].reverse();
    answer = { events: many, next: many[2]!.id };
    useStore.getState().activityResumed();
    await new Promise((r) => setTimeout(r, 20));
    const feed = useStore.getState().feeds['*']!;
    expect(feed.events.map((e) => e.id)).toEqual(many.map((e) => e.id));
    expect(feed.next).toBe(many[2]!.id);
  });
});
