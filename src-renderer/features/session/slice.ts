/** The session slice: who is signed in; sign in with a password or a pasted token, sign out. */
import type { StateCreator } from 'zustand';
import type { User } from '../../../src-shared/api/users.js';
import { toProblem, type Problem } from '../../lib/problem.js';
import { desktopToken } from '../../services/desktop.js';
import * as session from '../../services/session.js';
import type { AppState } from '../../app/store.js';

export interface SessionSlice {
  user: User | null;
  sessionStatus: 'checking' | 'signed-out' | 'signing-in' | 'signed-in';
  sessionError: Problem | null;
  checkSession(): Promise<void>;
  signIn(credentials: session.Credentials): Promise<boolean>;
  signOut(): Promise<void>;
  /** The hub said 401 to a call: the session ended elsewhere (signed out, token revoked). */
  sessionEnded(): void;
}

export const createSessionSlice: StateCreator<AppState, [], [], SessionSlice> = (set, get) => ({
  user: null,
  sessionStatus: 'checking',
  sessionError: null,

  async checkSession() {
    try {
      let user = await session.currentUser();
      // In the desktop window the app already holds a session for this hub: sign in with it.
      const token = user ? null : await desktopToken().catch(() => null);
      if (token) user = await session.signIn({ token });
      set({ user, sessionStatus: user ? 'signed-in' : 'signed-out', sessionError: null });
    } catch (e) {
      const problem = toProblem(e);
      set({
        user: null,
        sessionStatus: 'signed-out',
        sessionError: problem.code === 'UNAUTHORIZED' ? null : problem,
      });
    }
  },

  async signIn(credentials) {
    set({ sessionStatus: 'signing-in', sessionError: null });
    try {
      const user = await session.signIn(credentials);
      set({ user, sessionStatus: 'signed-in' });
      return true;
    } catch (e) {
      set({ sessionStatus: 'signed-out', sessionError: toProblem(e) });
      return false;
    }
  },

  async signOut() {
    get().stopLive();
    try {
      await session.signOut();
    } catch {
      // Already ended on the hub (revoked, expired): signed out all the same.
    }
    get().resetProjects();
    set({ user: null, sessionStatus: 'signed-out', sessionError: null });
  },

  sessionEnded() {
    get().stopLive();
    get().resetProjects();
    set({
      user: null,
      sessionStatus: 'signed-out',
      sessionError: { message: 'your session ended; sign in again', code: 'UNAUTHORIZED' },
    });
  },
});
