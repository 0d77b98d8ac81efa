/**
 * The live slice: one event stream for the whole page. Each event refetches only the project it
 * names; a dropped stream is retried with backoff (0.5 s doubling to 10 s) and shows
 * "reconnecting..."; once back, the list is read once, for what happened while away.
 */
import type { StateCreator } from 'zustand';
import { toProblem } from '../../lib/problem.js';
import { followEvents, type LiveEvent } from '../../services/live.js';
import type { AppState } from '../../app/store.js';

export type LiveStatus = 'off' | 'connecting' | 'open' | 'reconnecting';

export interface LiveSlice {
  live: LiveStatus;
  startLive(): void;
  stopLive(): void;
  handleEvent(e: LiveEvent): void;
}

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 10_000;

export const createLiveSlice: StateCreator<AppState, [], [], LiveSlice> = (set, get) => {
  let controller: AbortController | null = null;

  async function loop(ctrl: AbortController) {
    let delay = FIRST_DELAY_MS;
    let wasOpen = false;
    while (!ctrl.signal.aborted) {
      try {
        await followEvents({
          signal: ctrl.signal,
          onOpen: () => {
            delay = FIRST_DELAY_MS;
            set({ live: 'open' });
            // Events may have been missed while the stream was down.
            if (wasOpen) {
              void get().loadProjects();
              get().commentsResumed();
              get().activityResumed();
            }
            wasOpen = true;
          },
          onEvent: (e) => get().handleEvent(e),
        });
      } catch (e) {
        if (ctrl.signal.aborted) return;
        if (toProblem(e).code === 'UNAUTHORIZED') return get().sessionEnded();
      }
      if (ctrl.signal.aborted) return;
      set({ live: 'reconnecting' });
      wasOpen = true;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, MAX_DELAY_MS);
    }
  }

  return {
    live: 'off',

    startLive() {
      if (controller) return;
      const ctrl = new AbortController();
      controller = ctrl;
      set({ live: 'connecting' });
      void loop(ctrl);
    },

    stopLive() {
      controller?.abort();
      controller = null;
      set({ live: 'off' });
    },

    handleEvent(e) {
      if (e.type.startsWith('project.')) void get().refreshLocal();
      get().commentEvent(e);
      get().activityEvent(e);
      if (!e.namespace || !e.name) return;
      if (e.type === 'lock.free') {
        if (e.data.to === get().user?.username) get().lockFreed(e.namespace, e.name);
        return;
      }
      void get().refreshProject(e.namespace, e.name);
    },
  };
};
