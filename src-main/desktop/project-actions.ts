/**
 * What the producer does to one project from the tray or the window: Lock & Open, Release,
 * Renew, and "Commit, push and release" with its prefilled message. Each keeps the tray and the
 * notifications true (syncing while it pulls or pushes, "pushed" withdrawn once pulled).
 */
import { AuxinError } from '../../src-shared/errors.js';
import { projectKey, type HubState } from './hub-state.js';
import {
  lockAndOpen as runLockAndOpen,
  type LockAndOpenPorts,
  type OpenSession,
  type Project,
  type Step,
} from './lock-and-open.js';
import type { NotificationPolicy } from './notify-policy.js';

export interface ActionContext {
  state: HubState;
  policy: NotificationPolicy;
  /** Open Lock & Open sessions, by `ns/name`. */
  sessions: Map<string, OpenSession>;
  ports(): LockAndOpenPorts;
  bundleOf(p: Project): Promise<string | null>;
  render(): void;
  alert(title: string, message: string): void;
}

/** Lock & Open; a failure is shown to the producer and rethrown to the caller (IPC). */
export async function lockAndOpen(
  c: ActionContext,
  p: Project,
  onStep: (s: Step) => void = () => {},
): Promise<{ bundle: string; expires_at: string }> {
  const key = projectKey(p.namespace, p.name);
  const open = c.sessions.get(key);
  if (open) {
    c.alert(`${p.name} is already open`, `You hold its lock until ${open.lock.expires_at}.`);
    return { bundle: open.bundle, expires_at: open.lock.expires_at };
  }
  let pulling = false;
  const step = (s: Step) => {
    if (s.step === 'pulling' && !pulling) {
      pulling = true;
      c.state.syncing++;
      c.render();
    } else if (s.step !== 'pulling' && pulling) {
      pulling = false;
      c.state.syncing--;
      c.policy.pulled(p);
      const view = c.state.projects.get(key);
      if (view) view.behind = false;
      c.render();
    }
    if (s.step === 'failed') c.alert(`Lock & Open of ${p.name} stopped`, s.message);
    onStep(s);
  };
  const session = await runLockAndOpen(p, c.ports(), step);
  c.sessions.set(key, session);
  c.policy.myLockRenewed(p, session.lock.expires_at);
  return { bundle: session.bundle, expires_at: session.lock.expires_at };
}

/** "Commit, push and release": the lock goes only once the push landed. */
export async function finish(c: ActionContext, p: Project, message: string): Promise<void> {
  const key = projectKey(p.namespace, p.name);
  const bundle = c.sessions.get(key)?.bundle ?? (await c.bundleOf(p));
  if (!bundle) throw new AuxinError('NOT_FOUND', `${p.name} has no local copy on this Mac`);
  c.state.syncing++;
  c.render();
  try {
    await c.ports().commitAndPush(p, bundle, message);
  } finally {
    c.state.syncing--;
    c.render();
  }
  await release(c, p);
}

/** The prefilled message of "Commit, push and release". */
export async function suggestMessage(c: ActionContext, p: Project): Promise<string> {
  const key = projectKey(p.namespace, p.name);
  const bundle = c.sessions.get(key)?.bundle ?? (await c.bundleOf(p));
  if (!bundle) throw new AuxinError('NOT_FOUND', `${p.name} has no local copy on this Mac`);
  return c.ports().suggestMessage(p, bundle);
}

/** The notification's Renew button. */
export async function renew(c: ActionContext, p: Project): Promise<void> {
  const key = projectKey(p.namespace, p.name);
  const id = c.sessions.get(key)?.lock.lock_id ?? c.state.projects.get(key)?.lock?.lock_id;
  if (!id) throw new AuxinError('NO_LOCK', `you do not hold the lock on ${p.name}`);
  const lock = await c.ports().renew(p, id);
  c.policy.myLockRenewed(p, lock.expires_at);
}

export async function release(c: ActionContext, p: Project): Promise<void> {
  const key = projectKey(p.namespace, p.name);
  const session = c.sessions.get(key);
  if (session) {
    await session.end();
    c.sessions.delete(key);
    return;
  }
  const lock = c.state.projects.get(key)?.lock;
  if (!lock || lock.username !== c.state.me || !lock.lock_id) {
    throw new AuxinError('NO_LOCK', `you do not hold the lock on ${p.name}`);
  }
  await c.ports().release(p, lock.lock_id);
}
