/**
 * Lock & Open, the step where other tools lose work, as one sequence over small ports: check the
 * local copy against the hub, pull newer versions first (so nobody locks a stale copy), take the
 * lock, check again (a push may have landed between the check and the lock), open the bundle in
 * Logic Pro, then renew the lease while the project is open. Every failure after the lock was
 * taken gives it back; a failed give-back is reported with the time the lock stays until, so
 * nothing is ever left locked without the producer knowing.
 */
import { AuxinError } from '../../src-shared/errors.js';

export interface Project {
  namespace: string;
  name: string;
}

export interface HeldLock {
  lock_id: string;
  expires_at: string;
}

/** What the sequence needs of the world; the shell wires these to src-main/client and Electron. */
export interface LockAndOpenPorts {
  /** The local bundle of the project, or null when this Mac has none. */
  localBundle(p: Project): Promise<string | null>;
  /** The branch head here and on the hub (null: no versions), and whether local edits exist. */
  compare(
    p: Project,
    bundle: string,
  ): Promise<{ local: string | null; hub: string | null; localAhead: boolean; dirty: boolean }>;
  pull(p: Project, bundle: string, progress: (done: number, total: number) => void): Promise<void>;
  acquire(p: Project): Promise<HeldLock>;
  release(p: Project, lockId: string): Promise<void>;
  /** Electron's shell.openPath: '' on success, else the error text. */
  openPath(bundle: string): Promise<string>;
  /** Renew once (the notification's Renew button). */
  renew(p: Project, lockId: string): Promise<HeldLock>;
  /** The message "Commit, push and release" offers: what changed in the project's metadata. */
  suggestMessage(p: Project, bundle: string): Promise<string>;
  /** Commit the bundle with `message` and push it ("Commit, push and release"). */
  commitAndPush(p: Project, bundle: string, message: string): Promise<void>;
  /** Keep renewing until the returned stop function is called. */
  keepRenewing(p: Project, lock: HeldLock): () => void;
}

export type Step =
  | { step: 'checking' }
  | { step: 'pulling'; done: number; total: number }
  | { step: 'locking' }
  | { step: 'opening'; bundle: string }
  | { step: 'open'; bundle: string; lock: HeldLock }
  | { step: 'failed'; code: string; message: string; stillLocked?: { until: string } };

export interface OpenSession {
  project: Project;
  bundle: string;
  lock: HeldLock;
  /** Stop renewing and give the lock back (after "Commit, push and release", or "Release"). */
  end(): Promise<void>;
}

export async function lockAndOpen(
  p: Project,
  ports: LockAndOpenPorts,
  report: (s: Step) => void = () => {},
): Promise<OpenSession> {
  const fail = (e: unknown, stillLocked?: { until: string }): never => {
    const err =
      e instanceof AuxinError ? e : new AuxinError('INTERNAL', (e as Error)?.message ?? String(e));
    report({
      step: 'failed',
      code: err.code,
      message: err.message,
      ...(stillLocked ? { stillLocked } : {}),
    });
    throw err;
  };

  report({ step: 'checking' });
  let bundle: string | null;
  try {
    bundle = await ports.localBundle(p);
  } catch (e) {
    return fail(e);
  }
  if (!bundle) {
    return fail(
      new AuxinError('NOT_FOUND', `${p.name} has no local copy on this Mac: clone it first`),
    );
  }
  const where = bundle;
  const catchUp = async () => {
    const c = await ports.compare(p, where);
    if (c.localAhead) {
      throw new AuxinError(
        'NON_FAST_FORWARD',
        `${p.name} has local versions the hub lacks: push them before locking`,
      );
    }
    if (c.hub !== null && c.hub !== c.local) {
      if (c.dirty) {
        throw new AuxinError(
          'UNCOMMITTED_CHANGES',
          `${p.name} has unsaved local changes and the hub has a newer version: commit or discard them first`,
        );
      }
      await ports.pull(p, where, (done, total) => report({ step: 'pulling', done, total }));
    }
  };
  try {
    await catchUp();
  } catch (e) {
    return fail(e);
  }

  report({ step: 'locking' });
  let lock: HeldLock;
  try {
    lock = await ports.acquire(p);
  } catch (e) {
    return fail(e);
  }

  // From here on the lock is ours: every failure gives it back, or says it could not.
  const giveBack = async (cause: unknown): Promise<never> => {
    try {
      await ports.release(p, lock.lock_id);
    } catch (e) {
      const why = cause instanceof Error ? cause.message : String(cause);
      return fail(
        new AuxinError(
          cause instanceof AuxinError ? cause.code : 'INTERNAL',
          `${why}; and the lock could not be released (${(e as Error).message}): it stays until ${lock.expires_at}`,
        ),
        { until: lock.expires_at },
      );
    }
    return fail(cause);
  };
  try {
    await catchUp();
  } catch (e) {
    return giveBack(e);
  }
  report({ step: 'opening', bundle: where });
  let opened: string;
  try {
    opened = await ports.openPath(where);
  } catch (e) {
    opened = (e as Error).message || 'could not open';
  }
  if (opened) {
    return giveBack(new AuxinError('INTERNAL', `Logic Pro could not open ${where}: ${opened}`));
  }
  const stop = ports.keepRenewing(p, lock);
  report({ step: 'open', bundle: where, lock });
  return {
    project: p,
    bundle: where,
    lock,
    async end() {
      stop();
      await ports.release(p, lock.lock_id);
    },
  };
}
