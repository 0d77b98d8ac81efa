/**
 * The desktop app's bridge, present only when the page runs in its window: the preload exposes
 * `window.auxin` (src-main/electron/preload.cts), one function per IPC channel of
 * src-main/desktop/ipc.ts. In a browser there is none and every desktop-only screen stays hidden.
 */
import type { Problem } from '../lib/problem.js';

export interface FoundHub {
  name: string;
  url: string;
  version?: string;
}

export interface ProjectRef {
  namespace: string;
  name: string;
}

export interface DesktopBridge {
  getSession(): Promise<{ url: string; token: string; username: string }>;
  discoverHubs(): Promise<FoundHub[]>;
  suggestMessage(p: ProjectRef): Promise<string>;
  finishSession(p: ProjectRef, o: { message: string }): Promise<void>;
  connectHub(a: {
    address: string;
    username: string;
    password: string;
  }): Promise<{ url: string; username: string }>;
  /** The app's preferences; only what the page reads of them is typed. */
  getPreferences(): Promise<{
    mode: 'hub' | 'client';
    clientHub: string | null;
    clientUser: string | null;
  }>;
  /** Client mode's way back: the app relaunches running this Mac's own hub. */
  runOwnHub(): Promise<{ mode: 'hub'; left: string }>;
}

declare global {
  interface Window {
    auxin?: DesktopBridge;
  }
}

export function desktop(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.auxin ? window.auxin : null;
}

/**
 * In the desktop window the app holds a session for its hub (the local admin, or the hub this
 * Mac signed in to): the page signs in with that token ("Use a token", done for the producer),
 * so nobody types a password the app already has. Null in a browser.
 */
export async function desktopToken(): Promise<string | null> {
  const bridge = desktop();
  if (!bridge) return null;
  const s = await bridge.getSession();
  return s.token || null;
}

/**
 * A failed desktop call as the page shows failures: Electron keeps only the message
 * ("Error invoking remote method 'auxin:…': Error: CODE: message"); the main process put the
 * code first (src-main/desktop/ipc.ts `forRenderer`).
 */
export function desktopProblem(e: unknown): Problem {
  const raw = e instanceof Error ? e.message : String(e);
  const text = raw
    .replace(/^Error invoking remote method '[^']*': /, '')
    .replace(/^\w*Error: /, '');
  const m = /^([A-Z][A-Z0-9_]+): ([\s\S]*)$/.exec(text);
  return m ? { code: m[1]!, message: m[2]! } : { code: 'INTERNAL', message: text };
}
