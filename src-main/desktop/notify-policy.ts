/**
 * Which notifications the desktop app shows, and when: each names the project and the person;
 * the app's own user's actions are never announced back; a burst becomes one summary; a note
 * that stops being true is withdrawn; all are silent unless the user asked for sound. The shell
 * turns `Note`s into Electron Notifications (src-main/electron/notifications.ts).
 */
import { actorOf, details, projectKey, type StreamEvent } from './hub-state.js';

export interface Note {
  /** Stable per fact (`lock:ns/name`), so a newer fact replaces or withdraws the older. */
  id: string;
  title: string;
  body: string;
  silent: boolean;
  project?: { namespace: string; name: string };
  /** Buttons: `renew` on "your lock ends soon", `finish` ("Commit, push and release") on "closed in Logic". */
  actions?: ('renew' | 'finish')[];
}

export interface NoteSink {
  show(note: Note): void;
  withdraw(id: string): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export interface PolicyOptions {
  me: () => string;
  sound: () => boolean;
  /** Whether this Mac has a local copy of the project (push notes are only for those). */
  hasLocally: (namespace: string, name: string) => boolean;
  /** Notes within this long after one shown are held and summarised (10 s). */
  burstMs?: number;
  /** "Your lock ends in 10 minutes". */
  warnBeforeMs?: number;
}

type Fact = Omit<Note, 'silent'>;

export class NotificationPolicy {
  private readonly shown = new Set<string>();
  private pending: Fact[] = [];
  private windowTimer: unknown = null;
  private readonly endingTimers = new Map<string, unknown>();
  private readonly burstMs: number;
  private readonly warnBeforeMs: number;

  constructor(
    private readonly sink: NoteSink,
    private readonly clock: Clock,
    private readonly o: PolicyOptions,
  ) {
    this.burstMs = o.burstMs ?? 10_000;
    this.warnBeforeMs = o.warnBeforeMs ?? 10 * 60_000;
  }

  onEvent(e: StreamEvent): void {
    if (!e.namespace || !e.name) return;
    const project = { namespace: e.namespace, name: e.name };
    const key = projectKey(e.namespace, e.name);
    const me = this.o.me();
    const actor = actorOf(e);
    const d = details(e);
    const holder = typeof d.holder === 'string' ? d.holder : actor;
    const who = typeof d.user === 'string' && d.user ? d.user : holder;
    switch (e.type) {
      case 'lock.acquired':
        this.withdraw(`released:${key}`, `free:${key}`);
        if (holder === me) {
          this.scheduleEnding(project, String(d.expires_at ?? ''));
        } else {
          this.add({
            id: `lock:${key}`,
            title: `${who} locked ${e.name}`,
            body: lockBody(d),
            project,
          });
        }
        return;
      case 'lock.released':
      case 'lock.expired':
        this.withdraw(`lock:${key}`);
        if (holder === me) return this.cancelEnding(key);
        this.add({
          id: `released:${key}`,
          title:
            e.type === 'lock.expired'
              ? `${who}'s lock on ${e.name} expired`
              : `${who} released ${e.name}`,
          body: `${e.name} is free to lock.`,
          project,
        });
        return;
      case 'lock.force_released':
        this.withdraw(`lock:${key}`);
        if (holder !== me) return;
        this.cancelEnding(key);
        this.add({
          id: `force:${key}`,
          title: `${actor} force-released your lock on ${e.name}`,
          body:
            typeof d.reason === 'string' && d.reason ? `Reason: ${d.reason}` : 'No reason given.',
          project,
        });
        return;
      case 'lock.free':
        this.add({
          id: `free:${key}`,
          title: `${e.name} is free`,
          body: 'The project you asked for can be locked now.',
          project,
        });
        return;
      case 'push': {
        if (actor === me || !this.o.hasLocally(e.namespace, e.name)) return;
        const n = Number(d.commits) || 1;
        this.add({
          id: `push:${key}`,
          title: `${actor} pushed ${e.name}`,
          body: `${n} new version${n === 1 ? '' : 's'}: pull before you work on it.`,
          project,
        });
        return;
      }
    }
  }

  /** The app renewed my lock: the warning moves to the new end. */
  myLockRenewed(project: { namespace: string; name: string }, expiresAt: string): void {
    this.withdraw(`ending:${projectKey(project.namespace, project.name)}`);
    this.scheduleEnding(project, expiresAt);
  }

  /** This Mac pulled the project: "X pushed" is no longer true. */
  pulled(project: { namespace: string; name: string }): void {
    this.withdraw(`push:${projectKey(project.namespace, project.name)}`);
  }

  /** Logic closed a project I hold: offer "Commit, push and release" with the message. */
  logicClosed(project: { namespace: string; name: string }, message: string): void {
    this.add({
      id: `closed:${projectKey(project.namespace, project.name)}`,
      title: `${project.name} is closed in Logic Pro`,
      body: `Commit, push and release it as "${message}"? Your lock is no longer renewed.`,
      project,
      actions: ['finish'],
    });
  }

  /** Opened again, released or pushed: the offer is no longer true. */
  logicOfferGone(project: { namespace: string; name: string }): void {
    this.withdraw(`closed:${projectKey(project.namespace, project.name)}`);
  }

  /** Said once per run: the lease falls back to "renewed while the app runs". */
  detectionUnavailable(reason: string): void {
    this.add({
      id: 'logic-detection',
      title: 'Auxin cannot see which projects Logic Pro has open',
      body: `${reason}. Your locks are renewed while Auxin runs: release them when you are done.`,
    });
  }

  dispose(): void {
    if (this.windowTimer) this.clock.clearTimeout(this.windowTimer);
    for (const t of this.endingTimers.values()) this.clock.clearTimeout(t);
    this.endingTimers.clear();
    this.pending = [];
  }

  private scheduleEnding(project: { namespace: string; name: string }, expiresAt: string): void {
    const key = projectKey(project.namespace, project.name);
    this.cancelEnding(key);
    const at = Date.parse(expiresAt);
    if (!Number.isFinite(at)) return;
    const fact: Fact = {
      id: `ending:${key}`,
      title: `Your lock on ${project.name} ends in 10 minutes`,
      body: 'Renew it to keep working, or push and release.',
      project,
      actions: ['renew'],
    };
    const delay = at - this.warnBeforeMs - this.clock.now();
    if (delay <= 0) {
      if (at > this.clock.now()) this.add(fact);
      return;
    }
    this.endingTimers.set(
      key,
      this.clock.setTimeout(() => {
        this.endingTimers.delete(key);
        this.add(fact);
      }, delay),
    );
  }

  private cancelEnding(key: string): void {
    const t = this.endingTimers.get(key);
    if (t) this.clock.clearTimeout(t);
    this.endingTimers.delete(key);
    this.withdraw(`ending:${key}`);
  }

  private withdraw(...ids: string[]): void {
    for (const id of ids) {
      this.pending = this.pending.filter((f) => f.id !== id);
      if (this.shown.delete(id)) this.sink.withdraw(id);
    }
  }

  /** Show now, or hold for the end of the current burst window. */
  private add(fact: Fact): void {
    this.pending = this.pending.filter((f) => f.id !== fact.id);
    if (this.windowTimer) {
      this.pending.push(fact);
      return;
    }
    this.emit([fact]);
  }

  private emit(facts: Fact[]): void {
    if (facts.length === 0) return;
    const silent = !this.o.sound();
    if (facts.length === 1) {
      const f = facts[0]!;
      if (this.shown.has(f.id)) this.sink.withdraw(f.id);
      this.shown.add(f.id);
      this.sink.show({ ...f, silent });
    } else {
      // One summary stands for the burst; its parts are not shown one by one.
      const id = `summary:${this.clock.now()}`;
      this.sink.show({
        id,
        title: `${facts.length} updates on the hub`,
        body: facts.map((f) => f.title).join('\n'),
        silent,
      });
    }
    this.windowTimer = this.clock.setTimeout(() => {
      this.windowTimer = null;
      const held = this.pending;
      this.pending = [];
      this.emit(held);
    }, this.burstMs);
  }
}

function lockBody(d: Record<string, unknown>): string {
  const until = typeof d.expires_at === 'string' ? Date.parse(d.expires_at) : NaN;
  const machine = typeof d.machine_id === 'string' && d.machine_id ? ` on ${d.machine_id}` : '';
  if (!Number.isFinite(until)) return `Locked${machine}.`;
  const t = new Date(until);
  const hh = String(t.getHours()).padStart(2, '0');
  const mm = String(t.getMinutes()).padStart(2, '0');
  return `Locked${machine} until ${hh}:${mm}.`;
}
