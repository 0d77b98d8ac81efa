/**
 * Which hub this Mac works with, and the two ways to change it: sign in to a studio hub (client
 * mode), or run this Mac's own hub again. Both only change the preferences (and, to connect, the
 * saved credential); the shell then relaunches the app, which starts in the new mode
 * (src-main/electron/hub.ts reads `mode` at start).
 */
import { AuxinError } from '../../src-shared/errors.js';
import { parseHubAddress } from './discovery.js';
import type { PreferenceStore } from './preferences.js';

export interface ConnectPorts {
  signIn(
    url: string,
    username: string,
    password: string,
  ): Promise<{ token: string; username: string }>;
  /** Where `auxin login` keeps its sessions: one sign-in serves the app and the CLI. */
  saveCredential(url: string, token: string, username: string): void;
}

export interface HubMode {
  mode: 'hub' | 'client';
  /** The studio hub this Mac uses, in client mode; null when it runs its own. */
  clientHub: string | null;
  clientUser: string | null;
}

/** What the window and the tray are told about the mode. */
export function hubMode(prefs: PreferenceStore): HubMode {
  const p = prefs.get();
  // A client without a hub starts its own (electron/hub.ts), so it is in hub mode in all but name.
  if (p.mode === 'client' && p.clientHub) {
    return { mode: 'client', clientHub: p.clientHub, clientUser: p.clientUser };
  }
  return { mode: 'hub', clientHub: null, clientUser: null };
}

/** Sign in once to the hub at `address`, keep the session, and switch to client mode. */
export async function connectToHub(
  prefs: PreferenceStore,
  a: { address: string; username: string; password: string },
  ports: ConnectPorts,
): Promise<{ url: string; username: string }> {
  const url = parseHubAddress(a.address);
  const session = await ports.signIn(url, a.username, a.password);
  ports.saveCredential(url, session.token, session.username);
  prefs.update({ mode: 'client', clientHub: url, clientUser: session.username });
  return { url, username: session.username };
}

/**
 * Back to this Mac's own hub. The session saved for the studio hub is kept on purpose: it is
 * `auxin login`'s credential, which the CLI on this Mac uses too (docs/architecture.md).
 * Refused with CONFLICT when the app already runs its own hub, so nothing relaunches for nothing.
 */
export function switchToOwnHub(prefs: PreferenceStore): { mode: 'hub'; left: string } {
  const now = hubMode(prefs);
  if (now.mode !== 'client' || !now.clientHub) {
    throw new AuxinError('CONFLICT', 'this Mac already runs its own hub');
  }
  prefs.update({ mode: 'hub', clientHub: null, clientUser: null });
  return { mode: 'hub', left: now.clientHub };
}
