import { beforeEach, describe, expect, it } from 'vitest';
import { NotificationPolicy, type Clock, type Note } from '../../src-main/desktop/notify-policy.js';
import type { StreamEvent } from '../../src-main/desktop/hub-state.js';

/** A clock the test moves by hand. */
class FakeClock implements Clock {
  t = Date.parse('2026-12-06T10:00:00Z');
  private timers: { at: number; fn: () => void; id: number }[] = [];
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
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const due = this.timers[0];
      if (!due || due.at > end) break;
      this.timers.shift();
      this.t = due.at;
      due.fn();
    }
    this.t = end;
  }
}

const ev = (
  type: string,
  name: string,
  actor: string,
  details: Record<string, unknown> = {},
): StreamEvent => ({
  type,
  namespace: 'studio',
  name,
  data: { actor, details: { holder: actor, user: actor, machine_id: `${actor}-mac`, ...details } },
});

describe('the notification policy', () => {
  let clock: FakeClock;
  let shown: Note[];
  let withdrawn: string[];
  let sound: boolean;
  let local: Set<string>;
  let policy: NotificationPolicy;

  beforeEach(() => {
    clock = new FakeClock();
    shown = [];
    withdrawn = [];
    sound = false;
    local = new Set(['Song']);
    policy = new NotificationPolicy(
      { show: (n) => shown.push(n), withdraw: (id) => withdrawn.push(id) },
      clock,
      {
        me: () => 'admin',
        sound: () => sound,
        hasLocally: (_ns, name) => local.has(name),
        burstMs: 10_000,
      },
    );
  });

  it('names the project and the person when a teammate locks, silently by default', () => {
    policy.onEvent(ev('lock.acquired', 'Song', 'ana', { expires_at: '2026-12-06T12:00:00Z' }));
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatchObject({
      id: 'lock:studio/Song',
      title: 'ana locked Song',
      silent: true,
      project: { namespace: 'studio', name: 'Song' },
    });
    expect(shown[0]!.body).toMatch(/^Locked on ana-mac until \d\d:\d\d\.$/);
  });

  it('plays a sound only when the preference says so', () => {
    sound = true;
    policy.onEvent(ev('lock.acquired', 'Song', 'ana'));
    expect(shown[0]!.silent).toBe(false);
  });

  it('never announces my own actions back to me', () => {
    policy.onEvent(ev('lock.acquired', 'Song', 'admin', { expires_at: '2026-12-06T14:00:00Z' }));
    policy.onEvent(ev('lock.released', 'Song', 'admin'));
    policy.onEvent(ev('push', 'Song', 'admin', { commits: 1 }));
    expect(shown).toEqual([]);
  });

  it('withdraws "ana locked Song" when she releases it, and says it is free', () => {
    policy.onEvent(ev('lock.acquired', 'Song', 'ana'));
    clock.advance(11_000);
    policy.onEvent(ev('lock.released', 'Song', 'ana'));
    expect(withdrawn).toEqual(['lock:studio/Song']);
    expect(shown.map((n) => n.title)).toEqual(['ana locked Song', 'ana released Song']);
  });

  it('turns a burst into one summary after the quiet window', () => {
    policy.onEvent(ev('lock.acquired', 'Song', 'ana'));
    policy.onEvent(ev('lock.acquired', 'Album', 'bob'));
    policy.onEvent(ev('push', 'Song', 'carl', { commits: 3 }));
    policy.onEvent(ev('lock.acquired', 'Demo', 'dana'));
    expect(shown.map((n) => n.title)).toEqual(['ana locked Song']);
    clock.advance(10_000);
    expect(shown).toHaveLength(2);
    expect(shown[1]!.title).toBe('3 updates on the hub');
    expect(shown[1]!.body.split('\n')).toEqual([
      'bob locked Album',
      'carl pushed Song',
      'dana locked Demo',
    ]);
    // A single note after the window is shown as itself.
    clock.advance(10_000);
    policy.onEvent(ev('lock.acquired', 'Other', 'ana'));
    expect(shown.at(-1)!.title).toBe('ana locked Other');
  });

  it('drops a held note that stopped being true before the window closed', () => {
    policy.onEvent(ev('lock.acquired', 'Song', 'ana'));
    policy.onEvent(ev('lock.acquired', 'Album', 'bob'));
    policy.onEvent(ev('lock.released', 'Album', 'bob'));
    clock.advance(10_000);
    // Only "bob released Album" is left of the burst: the lock note was withdrawn while held.
    expect(shown.map((n) => n.title)).toEqual(['ana locked Song', 'bob released Album']);
  });

  it('tells me when my lock was force-released, with the reason', () => {
    policy.onEvent(
      ev('lock.force_released', 'Song', 'boss', {
        holder: 'admin',
        user: 'admin',
        reason: 'mix is due',
      }),
    );
    expect(shown[0]).toMatchObject({
      title: 'boss force-released your lock on Song',
      body: 'Reason: mix is due',
    });
  });

  it('tells me a project I asked for is free, and withdraws it when someone takes it', () => {
    policy.onEvent({
      type: 'lock.free',
      namespace: 'studio',
      name: 'Song',
      data: { text: 'Song is free again' },
    });
    expect(shown[0]!.title).toBe('Song is free');
    clock.advance(11_000);
    policy.onEvent(ev('lock.acquired', 'Song', 'bob'));
    expect(withdrawn).toContain('free:studio/Song');
  });

  it('announces a teammate push only for projects I have here, and withdraws it once I pull', () => {
    policy.onEvent(ev('push', 'Elsewhere', 'ana', { commits: 1 }));
    expect(shown).toEqual([]);
    policy.onEvent(ev('push', 'Song', 'ana', { commits: 2 }));
    expect(shown[0]).toMatchObject({
      title: 'ana pushed Song',
      body: '2 new versions: pull before you work on it.',
    });
    policy.pulled({ namespace: 'studio', name: 'Song' });
    expect(withdrawn).toEqual(['push:studio/Song']);
  });

  it('warns 10 minutes before my lock ends, with Renew; a renewal moves the warning', () => {
    const end = new Date(clock.t + 30 * 60_000).toISOString();
    policy.onEvent(ev('lock.acquired', 'Song', 'admin', { expires_at: end }));
    clock.advance(19 * 60_000);
    expect(shown).toEqual([]);
    clock.advance(60_000);
    expect(shown[0]).toMatchObject({
      id: 'ending:studio/Song',
      title: 'Your lock on Song ends in 10 minutes',
      actions: ['renew'],
    });
    policy.myLockRenewed(
      { namespace: 'studio', name: 'Song' },
      new Date(clock.t + 60 * 60_000).toISOString(),
    );
    expect(withdrawn).toEqual(['ending:studio/Song']);
    clock.advance(49 * 60_000);
    expect(shown).toHaveLength(1);
    clock.advance(60_000);
    expect(shown).toHaveLength(2);
  });

  it('cancels the warning when I release before it fires', () => {
    policy.onEvent(
      ev('lock.acquired', 'Song', 'admin', {
        expires_at: new Date(clock.t + 30 * 60_000).toISOString(),
      }),
    );
    policy.onEvent(ev('lock.released', 'Song', 'admin'));
    clock.advance(60 * 60_000);
    expect(shown).toEqual([]);
  });

  it('ignores events without a project and of other kinds', () => {
    policy.onEvent({ type: 'lock.acquired', data: {} });
    policy.onEvent(ev('comment.added', 'Song', 'ana'));
    expect(shown).toEqual([]);
  });
});
