/**
 * `#/finish/{ns}/{name}`: the desktop app opens the window there when Logic closed a project
 * you hold (the notification's click), to push it with a message you can still edit.
 */
import { useSyncExternalStore } from 'react';
import type { ProjectRef } from '../../services/desktop.js';

export function parseFinishHash(hash: string): ProjectRef | null {
  const m = /^#\/finish\/([^/]+)\/([^/]+)$/.exec(hash);
  if (!m) return null;
  try {
    return { namespace: decodeURIComponent(m[1]!), name: decodeURIComponent(m[2]!) };
  } catch {
    return null;
  }
}

const subscribe = (l: () => void) => {
  window.addEventListener('hashchange', l);
  return () => window.removeEventListener('hashchange', l);
};

export function useFinishTarget(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}

export function leaveFinish(): void {
  window.history.replaceState(null, '', window.location.pathname + window.location.search);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}
