/**
 * The menubar icon's state and its menu, from the hub state: pure, so the Electron shell only
 * turns the result into a Tray image and a Menu.
 */
import { formatLeft, msLeft, projectKey, type HubState, type ProjectView } from './hub-state.js';

/** One template image per state (resources/tray-<state>Template.png). */
export const TRAY_STATES = ['free', 'mine', 'teammate', 'syncing', 'offline'] as const;
export type TrayState = (typeof TRAY_STATES)[number];

export const TRAY_TOOLTIPS: Record<TrayState, string> = {
  free: 'Auxin: all projects free',
  mine: 'Auxin: you hold a lock',
  teammate: 'Auxin: a teammate holds a lock or pushed a version you lack',
  syncing: 'Auxin: syncing',
  offline: 'Auxin: hub offline',
};

const mine = (s: HubState, p: ProjectView) => p.lock?.username === s.me;

/**
 * What the icon shows, most urgent first: a hub that does not answer hides everything else; a
 * running sync says the disk is busy; then what teammates did (it needs attention); then my locks.
 */
export function trayState(s: HubState): TrayState {
  if (s.connection !== 'online') return 'offline';
  if (s.syncing > 0) return 'syncing';
  const list = [...s.projects.values()];
  if (list.some((p) => (p.lock && !mine(s, p)) || p.behind)) return 'teammate';
  if (list.some((p) => mine(s, p))) return 'mine';
  return 'free';
}

/** A menu item as data; `action` names what the shell does on click. */
export interface MenuSpec {
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  enabled?: boolean;
  checked?: boolean;
  action?: TrayAction;
  submenu?: MenuSpec[];
}

export type TrayAction =
  | {
      kind: 'lockAndOpen' | 'release' | 'finish' | 'openProject';
      namespace: string;
      name: string;
    }
  | { kind: 'openWindow' | 'connect' | 'ownHub' | 'copyAddress' | 'togglePause' | 'quit' }
  | { kind: 'pref'; pref: 'hideDock' | 'openAtLogin' | 'sound' };

export interface MenuOptions {
  now: number;
  /** Whether this app runs the hub (Pause hub makes sense only then). */
  runsHub: boolean;
  lanAddress: string | null;
  /** In client mode: the studio hub this Mac signed in to, and as whom. */
  client?: { url: string; username: string } | null;
  prefs: { hideDock: boolean; openAtLogin: boolean; sound: boolean };
  /** From app.getLoginItemSettings(): macOS 13+ may need the user's approval. */
  loginItemStatus?: string;
  /** What the app knows of Logic (finish-offer.ts): projects it closed, or why it cannot tell. */
  logic?: { unavailable: string | null; closed: ReadonlySet<string> };
}

export function projectLine(
  s: HubState,
  p: ProjectView,
  now: number,
  closedInLogic = false,
): string {
  const extra = (p.behind ? ' · new version' : '') + (closedInLogic ? ' · closed in Logic' : '');
  if (!p.lock) return `${p.name}: free${extra}`;
  const who = mine(s, p) ? 'you' : p.lock.user || p.lock.username;
  return `${p.name}: locked by ${who}, ${formatLeft(msLeft(p.lock, now))} left${extra}`;
}

export function trayMenu(s: HubState, o: MenuOptions): MenuSpec[] {
  const projects = [...s.projects.values()].sort((a, b) =>
    a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }),
  );
  const items: MenuSpec[] = [];
  if (projects.length === 0) items.push({ label: 'No projects yet', enabled: false });
  for (const p of projects) {
    const ref = { namespace: p.namespace, name: p.name };
    const held = mine(s, p);
    const closed = o.logic?.closed.has(projectKey(p.namespace, p.name)) ?? false;
    const renewing: MenuSpec[] =
      held && o.logic?.unavailable
        ? [{ label: 'Renewed while Auxin runs (cannot see Logic)', enabled: false }]
        : [];
    items.push({
      label: projectLine(s, p, o.now, held && closed),
      type: 'submenu',
      submenu: [
        {
          label: 'Lock & Open',
          enabled: !p.lock || held,
          action: { kind: 'lockAndOpen', ...ref },
        },
        { label: 'Release', enabled: held, action: { kind: 'release', ...ref } },
        {
          label: 'Commit, push and release…',
          enabled: held,
          action: { kind: 'finish', ...ref },
        },
        ...renewing,
        { label: 'Show in Auxin', action: { kind: 'openProject', ...ref } },
      ],
    });
  }
  items.push({ type: 'separator' });
  items.push({ label: 'Open Auxin', action: { kind: 'openWindow' } });
  if (o.client) {
    const as = o.client.username ? ` as ${o.client.username}` : '';
    items.push({ label: `Connected to ${o.client.url}${as}`, enabled: false });
  }
  // Client mode's sign-in (the window's connect screen): a teammate's Mac uses the studio's hub.
  items.push({ label: 'Connect to a studio hub…', action: { kind: 'connect' } });
  if (o.client) {
    items.push({ label: "Run this Mac's own hub…", action: { kind: 'ownHub' } });
  }
  items.push({
    label: o.lanAddress ? `Copy hub address (${o.lanAddress})` : 'Copy hub address',
    enabled: o.lanAddress !== null,
    action: { kind: 'copyAddress' },
  });
  if (o.runsHub) {
    items.push({
      label: s.connection === 'paused' ? 'Resume hub' : 'Pause hub',
      action: { kind: 'togglePause' },
    });
  }
  const login: MenuSpec[] =
    o.loginItemStatus === 'requires-approval'
      ? [{ label: 'Open at login needs approval in System Settings', enabled: false }]
      : [];
  items.push({
    label: 'Preferences',
    type: 'submenu',
    submenu: [
      {
        label: 'Hide Dock icon',
        type: 'checkbox',
        checked: o.prefs.hideDock,
        action: { kind: 'pref', pref: 'hideDock' },
      },
      {
        label: 'Open at login',
        type: 'checkbox',
        checked: o.prefs.openAtLogin,
        action: { kind: 'pref', pref: 'openAtLogin' },
      },
      ...login,
      {
        label: 'Notification sound',
        type: 'checkbox',
        checked: o.prefs.sound,
        action: { kind: 'pref', pref: 'sound' },
      },
    ],
  });
  items.push({ type: 'separator' });
  items.push({ label: 'Quit Auxin', action: { kind: 'quit' } });
  return items;
}
