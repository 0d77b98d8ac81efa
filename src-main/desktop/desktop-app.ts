/**
 * The desktop app without Electron: the hub state fed by the live stream, the tray's state and
 * menu, the notification policy, and the actions the tray and the window ask for. The shell
 * (src-main/electron/) gives it a `Shell` and forwards clicks and IPC calls; everything here
 * runs in plain Node tests.
 */
import type { ApiClient } from '../../src-shared/api/client.js';
import { applyEvent, emptyState, projectKey, type HubState } from './hub-state.js';
import type { HubApi } from './hub-api.js';
import { followEvents } from './live-events.js';
import type { LockAndOpenPorts, OpenSession, Project, Step } from './lock-and-open.js';
import * as actions from './project-actions.js';
import { FinishOffers } from './finish-offer.js';
import type { OpenDocuments, PresenceOptions } from './logic-presence.js';
import { NotificationPolicy, systemClock, type Clock, type NoteSink } from './notify-policy.js';
import { switchToOwnHub } from './hub-mode.js';
import type { PreferenceStore, Preferences } from './preferences.js';
import {
  TRAY_TOOLTIPS,
  trayMenu,
  trayState,
  type MenuSpec,
  type TrayAction,
  type TrayState,
} from './tray-model.js';

export interface Shell {
  setTray(state: TrayState, tooltip: string, menu: MenuSpec[]): void;
  notes: NoteSink;
  openWindow(route?: string): void;
  copy(text: string): void;
  /** Apply Dock and login-item preferences; returns the login item's status. */
  applyPrefs(p: Preferences): { loginItemStatus?: string };
  /** Tell the producer something went wrong (a dialog); never blocks the caller. */
  alert(title: string, message: string): void;
  /** Ask with buttons; resolves with the index of the one clicked. */
  confirm(title: string, detail: string, buttons: string[]): Promise<number>;
  quit(): void;
  /** Quit and start again (the mode changed); the caller's answer is sent first. */
  relaunch?(): void;
  togglePause?(): Promise<void>;
}

export interface DesktopOptions {
  hub: { url: string; token: string; username: string };
  runsHub: boolean;
  lanAddress: string | null;
  prefs: PreferenceStore;
  api: HubApi;
  /** The typed client the live stream is followed with. */
  client: Pick<ApiClient, 'events'>;
  shell: Shell;
  ports: (app: DesktopApp) => LockAndOpenPorts;
  clock?: Clock;
  /** What Logic Pro has open (logic-documents.ts); none: detection unavailable. */
  logic?: OpenDocuments;
  presence?: PresenceOptions;
}

/** How long Lock & Open waits for the hub's first scan of the Logic library (settling bundles). */
const LIBRARY_SCAN_WAIT_MS = 25_000;

const NO_DETECTION: OpenDocuments = {
  read: async () => ({ unavailable: 'no way to ask Logic Pro was given' }),
};

export class DesktopApp {
  readonly state: HubState;
  readonly policy: NotificationPolicy;
  readonly offers: FinishOffers;
  private readonly sessions = new Map<string, OpenSession>();
  private bundles = new Map<string, string>();
  private follow: { stop(): void } | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private loginItemStatus: string | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private o: DesktopOptions) {
    this.state = emptyState(o.hub.username);
    this.policy = new NotificationPolicy(o.shell.notes, o.clock ?? systemClock, {
      me: () => this.state.me,
      sound: () => o.prefs.get().sound,
      hasLocally: (ns, name) => this.bundles.has(projectKey(ns, name)),
    });
    this.offers = new FinishOffers(
      o.logic ?? NO_DETECTION,
      o.clock ?? systemClock,
      {
        policy: this.policy,
        suggestMessage: (p) => this.suggestMessage(p),
        render: () => this.render(),
      },
      o.presence,
    );
  }

  start(): void {
    this.loginItemStatus = this.o.shell.applyPrefs(this.o.prefs.get()).loginItemStatus;
    this.connect();
    // "2 h 05 min left" must count down even when nothing happens.
    this.ticker = setInterval(() => this.render(), 30_000);
    this.ticker.unref();
    this.render();
  }

  private connect(): void {
    this.follow = followEvents({
      client: this.o.client,
      // In order, one at a time: a push may first need a fresh look at the local bundles.
      onEvent: (e) => {
        this.queue = this.queue.then(async () => {
          if (e.type.startsWith('project.') && this.o.runsHub) {
            // A bundle appeared, moved or went in the watched library.
            this.bundles = await this.o.api.localBundles().catch(() => this.bundles);
          } else if (e.type === 'push' && e.namespace && e.name) {
            await this.knowsLocally({ namespace: e.namespace, name: e.name });
          }
          this.policy.onEvent(e);
          if (applyEvent(this.state, e)) this.render();
        });
      },
      onStatus: (s) => {
        this.state.connection = s;
        this.render();
      },
      // Every (re)connection may have missed events: read the listing again.
      onOpen: () => void this.refresh(),
    });
  }

  async refresh(): Promise<void> {
    try {
      const [projects, bundles] = await Promise.all([
        this.o.api.projects(),
        this.o.runsHub ? this.o.api.localBundles() : Promise.resolve(null),
      ]);
      const before = this.state.projects;
      this.state.projects = new Map(
        projects.map((p) => {
          const key = projectKey(p.namespace, p.name);
          return [key, { ...p, behind: before.get(key)?.behind ?? false }];
        }),
      );
      this.bundles = bundles ?? new Map(Object.entries(this.o.prefs.get().bundles));
    } catch (e) {
      this.state.connection = 'error';
      this.o.shell.alert('Auxin could not read the hub', (e as Error).message);
    }
    this.render();
  }

  /** The local bundle of a project; a bundle not seen yet is looked for again (it may be new). */
  async bundleOf(p: Project): Promise<string | null> {
    await this.knowsLocally(p);
    return this.bundles.get(projectKey(p.namespace, p.name)) ?? null;
  }

  private async knowsLocally(p: Project): Promise<boolean> {
    const key = projectKey(p.namespace, p.name);
    if (!this.bundles.has(key) && this.o.runsHub) {
      this.bundles = await this.o.api
        .localBundles({ waitReadyMs: LIBRARY_SCAN_WAIT_MS })
        .catch(() => this.bundles);
    }
    return this.bundles.has(key);
  }

  render(): void {
    const s = trayState(this.state);
    this.o.shell.setTray(
      s,
      TRAY_TOOLTIPS[s],
      trayMenu(this.state, {
        now: Date.now(),
        runsHub: this.o.runsHub,
        lanAddress: this.o.lanAddress,
        client: this.o.runsHub ? null : { url: this.o.hub.url, username: this.o.hub.username },
        prefs: this.o.prefs.get(),
        logic: this.offers.status(),
        ...(this.loginItemStatus ? { loginItemStatus: this.loginItemStatus } : {}),
      }),
    );
  }

  async act(a: TrayAction): Promise<void> {
    switch (a.kind) {
      case 'lockAndOpen':
        await this.lockAndOpen(a).catch(() => {});
        return;
      case 'release':
        await this.release(a).catch((e: unknown) =>
          this.o.shell.alert(`Could not release ${a.name}`, (e as Error).message),
        );
        return;
      case 'finish':
        await this.confirmFinish(a);
        return;
      case 'openProject':
        return this.o.shell.openWindow(
          `/projects/${encodeURIComponent(a.namespace)}/${encodeURIComponent(a.name)}`,
        );
      case 'openWindow':
        return this.o.shell.openWindow();
      case 'connect':
        // The page shows its connect screen for this hash (src-renderer/features/connect/).
        return this.o.shell.openWindow('#/connect');
      case 'ownHub':
        await this.confirmOwnHub();
        return;
      case 'copyAddress':
        if (this.o.lanAddress) this.o.shell.copy(this.o.lanAddress);
        return;
      case 'togglePause':
        await this.o.shell.togglePause?.();
        return;
      case 'quit':
        return this.o.shell.quit();
      case 'pref': {
        const now = this.o.prefs.get();
        this.setPreferences({ [a.pref]: !now[a.pref] });
        return;
      }
    }
  }

  setPreferences(
    change: Partial<Pick<Preferences, 'hideDock' | 'openAtLogin' | 'sound'>>,
  ): Preferences {
    const next = this.o.prefs.update(change);
    this.loginItemStatus = this.o.shell.applyPrefs(next).loginItemStatus;
    this.render();
    return next;
  }

  /** Lock & Open; a failure is shown to the producer and rethrown to the caller (IPC). */
  async lockAndOpen(p: Project, onStep?: (s: Step) => void) {
    const opened = await actions.lockAndOpen(this.ctx, p, onStep);
    this.offers.follow(p, opened.bundle);
    return opened;
  }

  /** "Commit, push and release": the lock goes only once the push landed. */
  async finish(p: Project, message: string) {
    await actions.finish(this.ctx, p, message);
    this.offers.end(p);
  }

  /** Renew the lease of an open session now? Not once Logic closed the project. */
  shouldRenew(p: Project): boolean {
    return this.offers.shouldRenew(p);
  }

  /** The tray's "Commit, push and release…": the prefilled message, confirmed in a dialog. */
  async confirmFinish(p: Project): Promise<void> {
    try {
      const message = this.offers.offered(p) ?? (await this.suggestMessage(p));
      const choice = await this.o.shell.confirm(
        `Commit, push and release ${p.name}?`,
        `The version will be called "${message}". The lock is released once the push landed.`,
        ['Commit, push and release', 'Cancel'],
      );
      if (choice === 0) await this.finish(p, message);
    } catch (e) {
      this.o.shell.alert(`Could not push and release ${p.name}`, (e as Error).message);
    }
  }

  /** The tray's "Run this Mac's own hub…", confirmed in a dialog (the app restarts). */
  async confirmOwnHub(): Promise<void> {
    const choice = await this.o.shell.confirm(
      "Run this Mac's own hub?",
      `Auxin stops using ${this.o.hub.url} and restarts with this Mac's own hub. ` +
        'The sign-in to the studio hub stays saved for the auxin command.',
      ["Run this Mac's own hub", 'Cancel'],
    );
    if (choice !== 0) return;
    try {
      this.runOwnHub();
    } catch (e) {
      this.o.shell.alert("Could not switch to this Mac's own hub", (e as Error).message);
    }
  }

  /** Leave client mode (hub-mode.ts) and relaunch; the IPC's runOwnHub. */
  runOwnHub(): { mode: 'hub'; left: string } {
    const r = switchToOwnHub(this.o.prefs);
    this.o.shell.relaunch?.();
    return r;
  }

  /** The notification's "Commit, push and release": the message it showed. */
  async finishOffered(p: Project): Promise<void> {
    const message = this.offers.offered(p) ?? (await this.suggestMessage(p));
    await this.finish(p, message).catch((e: unknown) =>
      this.o.shell.alert(`Could not push and release ${p.name}`, (e as Error).message),
    );
  }

  /** The prefilled message of "Commit, push and release". */
  suggestMessage(p: Project) {
    return actions.suggestMessage(this.ctx, p);
  }

  /** The notification's Renew button. */
  renew(p: Project) {
    return actions.renew(this.ctx, p);
  }

  async release(p: Project) {
    await actions.release(this.ctx, p);
    this.offers.end(p);
  }

  /** What the project actions (project-actions.ts) may touch. */
  private get ctx(): actions.ActionContext {
    return {
      state: this.state,
      policy: this.policy,
      sessions: this.sessions,
      ports: () => this.o.ports(this),
      bundleOf: (p) => this.bundleOf(p),
      render: () => this.render(),
      alert: (title, message) => this.o.shell.alert(title, message),
    };
  }

  /** Pause hub stops the stream; Resume gives a new session (the hub issued a new token). */
  setPaused(
    paused: boolean,
    hub?: { url: string; token: string },
    next?: { api: HubApi; client: Pick<ApiClient, 'events'> },
  ): void {
    this.follow?.stop();
    this.follow = null;
    if (paused) {
      this.state.connection = 'paused';
      this.render();
      return;
    }
    if (hub) this.o.hub = { ...this.o.hub, ...hub };
    if (next) this.o = { ...this.o, ...next };
    this.connect();
  }

  stop(): void {
    this.follow?.stop();
    if (this.ticker) clearInterval(this.ticker);
    this.offers.stop();
    this.policy.dispose();
  }
}
