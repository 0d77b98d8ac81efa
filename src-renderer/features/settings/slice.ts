/**
 * The settings slice: the team (admins), each shown user's tokens, the one new token just
 * issued (kept only until dismissed: the hub never shows it again), the hub's LAN address and
 * its watched folders.
 */
import type { StateCreator } from 'zustand';
import { toProblem, type Problem } from '../../lib/problem.js';
import * as settings from '../../services/settings.js';
import type { AppState } from '../../app/store.js';
import { NEW_ACCOUNT } from './NewToken.js';

export type Loadable<T> =
  { status: 'loading' } | { status: 'ready'; value: T } | { status: 'error'; error: Problem };

export interface SettingsSlice {
  team: Loadable<settings.User[]> | null;
  tokens: Record<string, Loadable<settings.TokenInfo[]> | undefined>;
  /** A token just issued: shown once, then forgotten. */
  newToken: { username: string; label: string; token: string } | null;
  tokenBusy: string | null;
  /** The last issue or revoke that failed, and for whose tokens. */
  tokenError: { username: string; problem: Problem } | null;
  address: Loadable<settings.HubAddress> | null;
  watched: Loadable<string[]> | null;
  loadSettings(admin: boolean): Promise<void>;
  loadTokens(username: string): Promise<void>;
  issueToken(username: string, label: string): Promise<boolean>;
  revokeToken(username: string, id: string): Promise<boolean>;
  forgetNewToken(): void;
  /** Admins: add a teammate; their first token is shown once (`newToken`). Null when it worked. */
  addTeammate(username: string, role: settings.Role, password?: string): Promise<Problem | null>;
  /** Set a password (one's own, or as an admin anyone's). Null when it worked. */
  setPassword(username: string, password: string): Promise<Problem | null>;
}

export const createSettingsSlice: StateCreator<AppState, [], [], SettingsSlice> = (set, get) => {
  const failed = (e: unknown): Problem => {
    const problem = toProblem(e);
    if (problem.code === 'UNAUTHORIZED') get().sessionEnded();
    return problem;
  };
  async function load<T>(work: () => Promise<T>): Promise<Loadable<T>> {
    try {
      return { status: 'ready', value: await work() };
    } catch (e) {
      return { status: 'error', error: failed(e) };
    }
  }

  return {
    team: null,
    tokens: {},
    newToken: null,
    tokenBusy: null,
    tokenError: null,
    address: null,
    watched: null,

    async loadSettings(admin) {
      // One's own tokens are read by their list (TokenList), as any user's.
      if (!admin) return;
      set({
        team: { status: 'loading' },
        address: { status: 'loading' },
        watched: { status: 'loading' },
      });
      const [team, address, watched] = await Promise.all([
        load(settings.listUsers),
        load(settings.hubAddress),
        load(settings.watchedFolders),
      ]);
      set({ team, address, watched });
    },

    async loadTokens(username) {
      set((s) => ({ tokens: { ...s.tokens, [username]: { status: 'loading' } } }));
      const list = await load(() => settings.listTokens(username));
      set((s) => ({ tokens: { ...s.tokens, [username]: list } }));
    },

    async issueToken(username, label) {
      set({ tokenBusy: 'issue', tokenError: null, newToken: null });
      try {
        const issued = await settings.issueToken(username, label);
        set({ newToken: { username, label: label || 'api', token: issued.token } });
        await get().loadTokens(username);
        return true;
      } catch (e) {
        set({ tokenError: { username, problem: failed(e) } });
        return false;
      } finally {
        set({ tokenBusy: null });
      }
    },

    async revokeToken(username, id) {
      set({ tokenBusy: id, tokenError: null });
      try {
        await settings.revokeToken(username, id);
        await get().loadTokens(username);
        return true;
      } catch (e) {
        set({ tokenError: { username, problem: failed(e) } });
        return false;
      } finally {
        set({ tokenBusy: null });
      }
    },

    forgetNewToken() {
      set({ newToken: null });
    },

    async addTeammate(username, role, password) {
      try {
        const made = await settings.addUser(username, role, password || undefined);
        set({ newToken: { username, label: NEW_ACCOUNT, token: made.token } });
        set({ team: await load(settings.listUsers) });
        return null;
      } catch (e) {
        return failed(e);
      }
    },

    async setPassword(username, password) {
      try {
        await settings.setPassword(username, password);
        return null;
      } catch (e) {
        return failed(e);
      }
    },
  };
};
