import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  emptyState,
  formatLeft,
  type HubState,
} from '../../src-main/desktop/hub-state.js';
import { trayMenu, trayState, type MenuSpec } from '../../src-main/desktop/tray-model.js';

const NOW = Date.parse('2026-12-06T10:00:00Z');
const inMin = (m: number) => new Date(NOW + m * 60_000).toISOString();

function lockEvent(type: string, name: string, holder: string, expires = inMin(125)) {
  return {
    type,
    namespace: 'studio',
    name,
    data: {
      actor: holder,
      details: {
        holder,
        user: holder,
        machine_id: 'mac',
        expires_at: expires,
        lock_id: `${name}-1`,
      },
    },
  };
}

function online(): HubState {
  const s = emptyState('admin');
  s.connection = 'online';
  return s;
}

const opts = {
  now: NOW,
  runsHub: true,
  lanAddress: 'http://192.168.1.20:3000',
  prefs: { hideDock: false, openAtLogin: true, sound: false },
};

const labels = (items: MenuSpec[]) => items.map((i) => i.label ?? '---');

describe('the tray state follows the hub', () => {
  it('is free with no locks and offline until the stream is open', () => {
    const s = emptyState('admin');
    expect(trayState(s)).toBe('offline');
    s.connection = 'online';
    expect(trayState(s)).toBe('free');
  });
  it("shows my lock, then a teammate's over mine, then free again", () => {
    const s = online();
    applyEvent(s, lockEvent('lock.acquired', 'Song', 'admin'));
    expect(trayState(s)).toBe('mine');
    applyEvent(s, lockEvent('lock.acquired', 'Other', 'ana'));
    expect(trayState(s)).toBe('teammate');
    applyEvent(s, lockEvent('lock.released', 'Other', 'ana'));
    expect(trayState(s)).toBe('mine');
    applyEvent(s, lockEvent('lock.expired', 'Song', 'admin'));
    expect(trayState(s)).toBe('free');
  });
  it("a teammate's push marks the project behind; my own push does not", () => {
    const s = online();
    applyEvent(s, {
      type: 'push',
      namespace: 'studio',
      name: 'Song',
      data: { actor: 'admin', details: { commits: 1 } },
    });
    expect(trayState(s)).toBe('free');
    applyEvent(s, {
      type: 'push',
      namespace: 'studio',
      name: 'Song',
      data: { actor: 'ana', details: { commits: 2 } },
    });
    expect(trayState(s)).toBe('teammate');
  });
  it('syncing wins over locks, and offline or error over everything', () => {
    const s = online();
    applyEvent(s, lockEvent('lock.acquired', 'Song', 'ana'));
    s.syncing = 1;
    expect(trayState(s)).toBe('syncing');
    s.connection = 'error';
    expect(trayState(s)).toBe('offline');
    s.connection = 'paused';
    expect(trayState(s)).toBe('offline');
  });
  it('ignores events without a project and unknown types', () => {
    const s = online();
    expect(applyEvent(s, { type: 'lock.acquired', data: {} })).toBe(false);
    expect(applyEvent(s, { type: 'comment.added', namespace: 'a', name: 'b', data: {} })).toBe(
      false,
    );
    expect(s.projects.size).toBe(0);
  });
  it('a deleted repository leaves the menu', () => {
    const s = online();
    applyEvent(s, lockEvent('lock.acquired', 'Song', 'ana'));
    applyEvent(s, { type: 'repo.deleted', namespace: 'studio', name: 'Song', data: {} });
    expect(s.projects.size).toBe(0);
  });
});

describe('the tray menu', () => {
  it("lists projects with holder and time left, and the app's commands", () => {
    const s = online();
    applyEvent(s, lockEvent('lock.acquired', 'Song', 'ana'));
    applyEvent(s, lockEvent('lock.acquired', 'Album', 'admin', inMin(9)));
    applyEvent(s, { type: 'repo.created', namespace: 'studio', name: 'Demo', data: {} });
    const m = trayMenu(s, opts);
    expect(labels(m)).toEqual([
      'Album: locked by you, 9 min left',
      'Demo: free',
      'Song: locked by ana, 2 h 05 min left',
      '---',
      'Open Auxin',
      'Connect to a studio hub…',
      'Copy hub address (http://192.168.1.20:3000)',
      'Pause hub',
      'Preferences',
      '---',
      'Quit Auxin',
    ]);
    const song = m[2]!.submenu!;
    expect(song.map((i) => [i.label, i.enabled ?? true])).toEqual([
      ['Lock & Open', false],
      ['Release', false],
      ['Commit, push and release…', false],
      ['Show in Auxin', true],
    ]);
    const album = m[0]!.submenu!;
    expect(album[1]).toMatchObject({
      label: 'Release',
      enabled: true,
      action: { kind: 'release', name: 'Album' },
    });
  });
  it('has no Pause in client mode, no address when not shared, Resume when paused', () => {
    const s = online();
    const client = labels(trayMenu(s, { ...opts, runsHub: false, lanAddress: null }));
    expect(client).not.toContain('Pause hub');
    expect(client).toContain('Copy hub address');
    s.connection = 'paused';
    expect(labels(trayMenu(s, opts))).toContain('Resume hub');
  });
  it("in client mode names the studio hub and offers the way back to this Mac's own hub", () => {
    const s = online();
    const client = { url: 'http://192.168.1.20:3000', username: 'ben' };
    const m = trayMenu(s, { ...opts, runsHub: false, lanAddress: client.url, client });
    expect(labels(m).slice(2, 7)).toEqual([
      'Open Auxin',
      'Connected to http://192.168.1.20:3000 as ben',
      'Connect to a studio hub…',
      "Run this Mac's own hub…",
      'Copy hub address (http://192.168.1.20:3000)',
    ]);
    expect(m[3]).toMatchObject({ enabled: false });
    expect(m[3]!.action).toBeUndefined();
    expect(m[5]).toMatchObject({ action: { kind: 'ownHub' } });
    // Its own hub: neither line.
    const own = labels(trayMenu(s, { ...opts, client: null }));
    expect(own.some((l) => l.startsWith('Connected to'))).toBe(false);
    expect(own).not.toContain("Run this Mac's own hub…");
  });
  it('marks a held project Logic closed, and says when Logic cannot be seen', () => {
    const s = online();
    applyEvent(s, lockEvent('lock.acquired', 'Album', 'admin', inMin(50)));
    applyEvent(s, lockEvent('lock.acquired', 'Song', 'ana'));
    const closed = trayMenu(s, {
      ...opts,
      logic: { unavailable: null, closed: new Set(['studio/Album', 'studio/Song']) },
    });
    // Only my own lock is offered: a teammate's closed project is not mine to push.
    expect(labels(closed).slice(0, 2)).toEqual([
      'Album: locked by you, 50 min left · closed in Logic',
      'Song: locked by ana, 2 h 05 min left',
    ]);
    expect(closed[0]!.submenu![2]).toMatchObject({
      label: 'Commit, push and release…',
      enabled: true,
      action: { kind: 'finish', namespace: 'studio', name: 'Album' },
    });
    const blind = trayMenu(s, {
      ...opts,
      logic: { unavailable: 'Logic Pro runs only on macOS', closed: new Set() },
    });
    expect(labels(blind[0]!.submenu!)).toContain('Renewed while Auxin runs (cannot see Logic)');
    expect(labels(blind[1]!.submenu!)).not.toContain('Renewed while Auxin runs (cannot see Logic)');
  });
  it('says when open-at-login needs approval in System Settings', () => {
    const prefs = trayMenu(online(), { ...opts, loginItemStatus: 'requires-approval' }).find(
      (i) => i.label === 'Preferences',
    )!;
    expect(labels(prefs.submenu!)).toEqual([
      'Hide Dock icon',
      'Open at login',
      'Open at login needs approval in System Settings',
      'Notification sound',
    ]);
    expect(prefs.submenu![1]!.checked).toBe(true);
  });
  it('formats time left', () => {
    expect(formatLeft(0)).toBe('under a minute');
    expect(formatLeft(59_000)).toBe('under a minute');
    expect(formatLeft(60_000)).toBe('1 min');
    expect(formatLeft(3_600_000)).toBe('1 h 00 min');
  });
});
