/**
 * Whether Logic still has a Lock & Open project open: open → closed after readings in a row
 * (debounce), a project never opened counts as closed after the grace time, reopening comes
 * back, failed readings decide nothing until too many, and unavailable detection renews.
 */
import { describe, expect, it } from 'vitest';
import { LogicPresence, type Reading } from '../../src-main/desktop/logic-presence.js';
import type { Clock } from '../../src-main/desktop/notify-policy.js';

class FakeClock implements Clock {
  t = 0;
  timers: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  /** Run due timers one by one, letting each reading's promise settle in between. */
  async advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
    this.t = end;
  }
}

const SONG = '/Users/me/Music/Logic/Song.logicx';

function setup(opts: { failures?: number } = {}) {
  const clock = new FakeClock();
  let next: () => Reading | Promise<Reading> = () => ({ open: new Set() });
  const log: string[] = [];
  const asked: string[][] = [];
  const presence = new LogicPresence(
    {
      read: async (bundles) => {
        asked.push([...bundles]);
        return next();
      },
    },
    clock,
    {
      opened: (k) => log.push(`opened ${k}`),
      closed: (k) => log.push(`closed ${k}`),
      unavailable: (r) => log.push(`unavailable ${r}`),
    },
    {
      intervalMs: 5_000,
      openGraceMs: 60_000,
      closedReadings: 3,
      failuresBeforeUnavailable: opts.failures ?? 3,
    },
  );
  return {
    clock,
    presence,
    log,
    asked,
    says: (r: () => Reading | Promise<Reading>) => (next = r),
  };
}
const openSong = (): Reading => ({ open: new Set([SONG]) });
const none = (): Reading => ({ open: new Set() });

describe('LogicPresence', () => {
  it('opening → open → closed only after three readings without it, and renewing stops then', async () => {
    const t = setup();
    t.presence.watch('studio/Song', SONG);
    expect(t.presence.stateOf('studio/Song')).toBe('opening');
    expect(t.presence.shouldRenew('studio/Song')).toBe(true);
    t.says(openSong);
    await t.clock.advance(5_000);
    expect(t.log).toEqual(['opened studio/Song']);
    expect(t.asked[0]).toEqual([SONG]);
    t.says(none);
    await t.clock.advance(10_000); // two readings without it: a Save As, not a close
    expect(t.presence.stateOf('studio/Song')).toBe('open');
    expect(t.presence.shouldRenew('studio/Song')).toBe(true);
    await t.clock.advance(5_000);
    expect(t.log).toEqual(['opened studio/Song', 'closed studio/Song']);
    expect(t.presence.shouldRenew('studio/Song')).toBe(false);
  });

  it('a brief gap resets the count: open, gone twice, back, gone twice is still open', async () => {
    const t = setup();
    t.presence.watch('k', SONG);
    const seq = [openSong, none, none, openSong, none, none];
    for (const r of seq) {
      t.says(r);
      await t.clock.advance(5_000);
    }
    expect(t.presence.stateOf('k')).toBe('open');
    expect(t.log).toEqual(['opened k']);
  });

  it('reopened after a close: open again, renewing resumes', async () => {
    const t = setup();
    t.presence.watch('k', SONG);
    t.says(openSong);
    await t.clock.advance(5_000);
    t.says(none);
    await t.clock.advance(15_000);
    t.says(openSong);
    await t.clock.advance(5_000);
    expect(t.log).toEqual(['opened k', 'closed k', 'opened k']);
    expect(t.presence.shouldRenew('k')).toBe(true);
  });

  it('never opened by Logic: closed once the grace time is over, not before', async () => {
    const t = setup();
    t.presence.watch('k', SONG);
    await t.clock.advance(55_000);
    expect(t.log).toEqual([]);
    expect(t.presence.shouldRenew('k')).toBe(true);
    await t.clock.advance(5_000);
    expect(t.log).toEqual(['closed k']);
  });

  it('failed readings decide nothing until the third in a row; then detection is off and renewing falls back', async () => {
    const t = setup();
    t.presence.watch('k', SONG);
    t.says(openSong);
    await t.clock.advance(5_000);
    t.says(() => Promise.reject(new Error('osascript timed out')));
    await t.clock.advance(10_000);
    expect(t.presence.stateOf('k')).toBe('open');
    expect(t.presence.unavailable).toBeNull();
    await t.clock.advance(5_000);
    expect(t.log.at(-1)).toBe('unavailable asking Logic Pro failed 3 times: osascript timed out');
    expect(t.presence.shouldRenew('k')).toBe(true);
    // Off for the run: no more readings.
    const asked = t.asked.length;
    await t.clock.advance(60_000);
    expect(t.asked.length).toBe(asked);
    expect(t.clock.timers).toEqual([]);
  });

  it('unavailable at once (not a Mac, no permission): said once, renewing while the app runs', async () => {
    const t = setup();
    t.says(() => ({ unavailable: 'Logic Pro runs only on macOS' }));
    t.presence.watch('a', SONG);
    t.presence.watch('b', '/x/Other.logicx');
    await t.clock.advance(60_000);
    expect(t.log).toEqual(['unavailable Logic Pro runs only on macOS']);
    expect(t.presence.shouldRenew('a')).toBe(true);
    expect(t.presence.shouldRenew('b')).toBe(true);
  });

  it('forgotten projects are not read; with none left the timer stops', async () => {
    const t = setup();
    t.presence.watch('k', SONG);
    t.says(openSong);
    await t.clock.advance(5_000);
    t.presence.forget('k');
    await t.clock.advance(5_000);
    expect(t.asked.length).toBe(1);
    expect(t.clock.timers).toEqual([]);
  });
});
