/**
 * The connect slice (desktop only): hubs found on the LAN by Bonjour, and signing this Mac in
 * to one of them (or to a typed address) once; the app then restarts as that hub's client.
 */
import type { StateCreator } from 'zustand';
import type { Problem } from '../../lib/problem.js';
import { desktop, desktopProblem, type FoundHub } from '../../services/desktop.js';
import type { AppState } from '../../app/store.js';

export interface ConnectSlice {
  /** The connect screen is showing (the tray's "Connect to a studio hub…", or the sign-in link). */
  connectOpen: boolean;
  foundHubs: FoundHub[];
  scanning: boolean;
  connectStatus: 'idle' | 'connecting' | 'connected';
  connectError: Problem | null;
  /** Where this Mac signed in, once it did. */
  connectedTo: { url: string; username: string } | null;
  /** The studio hub this Mac uses (client mode), or null when it runs its own hub. */
  clientOf: { url: string; username: string } | null;
  ownHubStatus: 'idle' | 'switching' | 'switched';
  openConnect(): void;
  closeConnect(): void;
  scanHubs(): Promise<void>;
  connectHub(address: string, username: string, password: string): Promise<boolean>;
  loadHubMode(): Promise<void>;
  runOwnHub(): Promise<boolean>;
}

export const CONNECT_HASH = '#/connect';

export const createConnectSlice: StateCreator<AppState, [], [], ConnectSlice> = (set, get) => ({
  connectOpen:
    typeof window !== 'undefined' && desktop() !== null && window.location.hash === CONNECT_HASH,
  foundHubs: [],
  scanning: false,
  connectStatus: 'idle',
  connectError: null,
  connectedTo: null,
  clientOf: null,
  ownHubStatus: 'idle',

  openConnect() {
    if (!desktop()) return;
    set({ connectOpen: true, connectError: null });
  },

  closeConnect() {
    set({ connectOpen: false, connectError: null });
    if (window.location.hash === CONNECT_HASH) {
      window.history.replaceState(null, '', window.location.pathname + window.location.search);
    }
  },

  async scanHubs() {
    const bridge = desktop();
    if (!bridge || get().scanning) return;
    set({ scanning: true });
    try {
      set({ foundHubs: await bridge.discoverHubs(), scanning: false });
    } catch (e) {
      set({ scanning: false, connectError: desktopProblem(e) });
    }
  },

  async connectHub(address, username, password) {
    const bridge = desktop();
    if (!bridge) return false;
    set({ connectStatus: 'connecting', connectError: null });
    try {
      const to = await bridge.connectHub({ address, username, password });
      set({ connectStatus: 'connected', connectedTo: to });
      return true;
    } catch (e) {
      set({ connectStatus: 'idle', connectError: desktopProblem(e) });
      return false;
    }
  },

  async loadHubMode() {
    const bridge = desktop();
    if (!bridge) return;
    try {
      const p = await bridge.getPreferences();
      set({
        clientOf:
          p.mode === 'client' && p.clientHub
            ? { url: p.clientHub, username: p.clientUser ?? '' }
            : null,
      });
    } catch (e) {
      set({ connectError: desktopProblem(e) });
    }
  },

  async runOwnHub() {
    const bridge = desktop();
    if (!bridge || get().ownHubStatus !== 'idle') return false;
    set({ ownHubStatus: 'switching', connectError: null });
    try {
      await bridge.runOwnHub();
      set({ ownHubStatus: 'switched' });
      return true;
    } catch (e) {
      set({ ownHubStatus: 'idle', connectError: desktopProblem(e) });
      return false;
    }
  },
});

/**
 * The tray's "Connect to a studio hub…" loads the page with CONNECT_HASH; on a page already open
 * that is an in-page navigation, so the hash is followed, not only read at start.
 */
export function followConnectHash(open: () => void): () => void {
  const check = () => {
    if (window.location.hash === CONNECT_HASH) open();
  };
  window.addEventListener('hashchange', check);
  return () => window.removeEventListener('hashchange', check);
}
