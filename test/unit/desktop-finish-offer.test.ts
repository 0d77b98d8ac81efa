/**
 * "Commit, push and release" offered when Logic closed a Lock & Open project: the note with the
 * suggested message and its button, withdrawn when reopened or released; unavailable detection
 * said once; renewal follows Logic.
 */
import { describe, expect, it } from 'vitest';
import { FinishOffers } from '../../src-main/desktop/finish-offer.js';
import { NotificationPolicy, type Clock, type Note } from '../../src-main/desktop/notify-policy.js';
import type { Reading } from '../../src-main/desktop/logic-presence.js';

const BUNDLE = '/Music/Song.logicx';
const SONG = { namespace: 'studio', name: 'Song' };

class StepClock implements Clock {
  t = 1_000_000;
  timers = new Map<number, { at: number; fn: () => void }>();
  private id = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.set(++this.id, { at: this.t + ms, fn });
    return this.id;
  };
  clearTimeout = (h: unknown) => void this.timers.delete(h as number);
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const [id, due] = [...this.timers].sort((a, b) => a[1].at - b[1].at)[0] ?? [];
      if (!due || due.at > end) break;
      this.timers.delete(id!);
      this.t = due.at;
      due.fn();
      for (let i = 0; i < 20; i++) await Promise.resolve();
    }
    this.t = end;
  }
}

function setup(reading: { now: Reading; reads?: number }) {
  const clock = new StepClock();
  const shown: Note[] = [];
  const withdrawn: string[] = [];
  const policy = new NotificationPolicy(
    { show: (n) => shown.push(n), withdraw: (id) => withdrawn.push(id) },
    clock,
    { me: () => 'admin', sound: () => false, hasLocally: () => true, burstMs: 0 },
  );
  let renders = 0;
  const offers = new FinishOffers(
    {
      read: async () => {
        reading.reads = (reading.reads ?? 0) + 1;
        return reading.now;
      },
    },
    clock,
    {
      policy,
      suggestMessage: async () => 'tempo 120 → 124; 1 file changed',
      render: () => renders++,
    },
    { intervalMs: 1_000, closedReadings: 2 },
  );
  return { clock, shown, withdrawn, offers, renders: () => renders };
}

describe('FinishOffers', () => {
  it('closed in Logic: one note with the message and the button; reopened: withdrawn', async () => {
    const r = { now: { open: new Set([BUNDLE]) } as Reading };
    const t = setup(r);
    t.offers.follow(SONG, BUNDLE);
    await t.clock.advance(1_000);
    expect(t.shown).toEqual([]);
    r.now = { open: new Set() };
    await t.clock.advance(2_000);
    expect(t.shown).toHaveLength(1);
    expect(t.shown[0]).toMatchObject({
      id: 'closed:studio/Song',
      title: 'Song is closed in Logic Pro',
      body: 'Commit, push and release it as "tempo 120 → 124; 1 file changed"? Your lock is no longer renewed.',
      actions: ['finish'],
      project: SONG,
    });
    expect(t.offers.offered(SONG)).toBe('tempo 120 → 124; 1 file changed');
    expect(t.offers.shouldRenew(SONG)).toBe(false);
    expect(t.offers.status().closed).toEqual(new Set(['studio/Song']));
    r.now = { open: new Set([BUNDLE]) };
    await t.clock.advance(1_000);
    expect(t.withdrawn).toEqual(['closed:studio/Song']);
    expect(t.offers.offered(SONG)).toBeUndefined();
    expect(t.offers.shouldRenew(SONG)).toBe(true);
    t.offers.stop();
  });

  it('released after the offer: withdrawn and no longer followed', async () => {
    const r: { now: Reading; reads?: number } = { now: { open: new Set([BUNDLE]) } };
    const t = setup(r);
    t.offers.follow(SONG, BUNDLE);
    await t.clock.advance(1_000);
    r.now = { open: new Set() };
    await t.clock.advance(2_000);
    t.offers.end(SONG);
    expect(t.withdrawn).toEqual(['closed:studio/Song']);
    const reads = r.reads;
    await t.clock.advance(10_000);
    expect(r.reads).toBe(reads);
  });

  it('detection unavailable: said once, renewing goes on, nothing offered', async () => {
    const t = setup({ now: { unavailable: 'Logic Pro runs only on macOS' } });
    t.offers.follow(SONG, BUNDLE);
    t.offers.follow({ namespace: 'studio', name: 'B' }, '/Music/B.logicx');
    await t.clock.advance(10_000);
    expect(t.shown.map((n) => n.title)).toEqual([
      'Auxin cannot see which projects Logic Pro has open',
    ]);
    expect(t.shown[0]!.body).toBe(
      'Logic Pro runs only on macOS. Your locks are renewed while Auxin runs: release them when you are done.',
    );
    expect(t.offers.shouldRenew(SONG)).toBe(true);
    expect(t.offers.status().unavailable).toBe('Logic Pro runs only on macOS');
  });
});
