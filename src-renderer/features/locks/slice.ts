/**
 * The locks slice: lock actions per project, what each is doing, its last failure, and the
 * projects the user asked to hear about. Answers update the row at once; the live event that
 * follows confirms it for everyone else.
 */
import type { StateCreator } from 'zustand';
import { toProblem, type Problem } from '../../lib/problem.js';
import * as locks from '../../services/locks.js';
import type { AppState } from '../../app/store.js';
import { displayName, projectId } from '../projects/rows.js';

export type LockAction = 'acquire' | 'release' | 'renew' | 'force' | 'notify';

export interface Notice {
  id: number;
  text: string;
}

export interface LocksSlice {
  lockBusy: Record<string, LockAction | undefined>;
  lockErrors: Record<string, Problem | undefined>;
  waitingFor: Record<string, true | undefined>;
  notices: Notice[];
  acquire(
    ns: string,
    name: string,
    opts: { reason?: string; ttlSeconds?: number },
  ): Promise<boolean>;
  release(ns: string, name: string): Promise<boolean>;
  renew(ns: string, name: string): Promise<boolean>;
  forceRelease(ns: string, name: string, reason: string): Promise<boolean>;
  tellMeWhenFree(ns: string, name: string): Promise<boolean>;
  /** A `lock.free` event addressed to this user: say so, and stop waiting. */
  lockFreed(ns: string, name: string): void;
  notify(text: string): void;
  dismissNotice(id: number): void;
}

let nextNotice = 1;

export const createLocksSlice: StateCreator<AppState, [], [], LocksSlice> = (set, get) => {
  /** Run one action on one project, keeping its busy flag and error; true when it worked. */
  async function run(ns: string, name: string, action: LockAction, work: () => Promise<void>) {
    const id = projectId(ns, name);
    set((s) => ({
      lockBusy: { ...s.lockBusy, [id]: action },
      lockErrors: { ...s.lockErrors, [id]: undefined },
    }));
    try {
      await work();
      return true;
    } catch (e) {
      const problem = toProblem(e);
      if (problem.code === 'UNAUTHORIZED') get().sessionEnded();
      set((s) => ({ lockErrors: { ...s.lockErrors, [id]: problem } }));
      // The row may be stale (someone else took it): show the truth.
      await get().refreshProject(ns, name);
      return false;
    } finally {
      set((s) => ({ lockBusy: { ...s.lockBusy, [id]: undefined } }));
    }
  }
  const current = (ns: string, name: string) => get().projects[projectId(ns, name)]?.lock ?? null;

  return {
    lockBusy: {},
    lockErrors: {},
    waitingFor: {},
    notices: [],

    acquire: (ns, name, opts) =>
      run(ns, name, 'acquire', async () => {
        get().patchLock(ns, name, await locks.acquireLock(ns, name, opts));
      }),

    release: (ns, name) =>
      run(ns, name, 'release', async () => {
        const lock = current(ns, name);
        if (lock) await locks.releaseLock(lock);
        get().patchLock(ns, name, null);
      }),

    renew: (ns, name) =>
      run(ns, name, 'renew', async () => {
        const lock = current(ns, name);
        if (lock) get().patchLock(ns, name, await locks.renewLock(lock));
      }),

    forceRelease: (ns, name, reason) =>
      run(ns, name, 'force', async () => {
        await locks.forceReleaseLock(ns, name, reason);
        get().patchLock(ns, name, null);
      }),

    tellMeWhenFree: (ns, name) =>
      run(ns, name, 'notify', async () => {
        const waiting = await locks.notifyWhenFree(ns, name);
        const id = projectId(ns, name);
        if (waiting) set((s) => ({ waitingFor: { ...s.waitingFor, [id]: true } }));
        else await get().refreshProject(ns, name);
      }),

    lockFreed(ns, name) {
      const id = projectId(ns, name);
      set((s) => ({ waitingFor: { ...s.waitingFor, [id]: undefined } }));
      get().notify(`${displayName(name)} is free now`);
    },

    notify(text) {
      const id = nextNotice++;
      set((s) => ({ notices: [...s.notices.slice(-3), { id, text }] }));
      setTimeout(() => get().dismissNotice(id), 8000);
    },

    dismissNotice(id) {
      set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
    },
  };
};
