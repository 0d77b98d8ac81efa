/**
 * The pages, routed by path: `/` (projects), `/projects/{ns}/{name}` (one project), `/activity`
 * and `/settings`. The hub answers every such path with index.html; history.pushState moves
 * between them without a load.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'projects' }
  | { page: 'project'; namespace: string; name: string }
  | { page: 'activity' }
  | { page: 'settings' };

export const ACTIVITY_PATH = '/activity';
export const SETTINGS_PATH = '/settings';

export function parseRoute(pathname: string): Route {
  if (/^\/activity\/?$/.test(pathname)) return { page: 'activity' };
  if (/^\/settings\/?$/.test(pathname)) return { page: 'settings' };
  const m = /^\/projects\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  if (m) {
    try {
      return {
        page: 'project',
        namespace: decodeURIComponent(m[1]!),
        name: decodeURIComponent(m[2]!),
      };
    } catch {
      return { page: 'projects' };
    }
  }
  return { page: 'projects' };
}

export function projectPath(namespace: string, name: string): string {
  return `/projects/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

const listeners = new Set<() => void>();

function subscribe(l: () => void) {
  listeners.add(l);
  window.addEventListener('popstate', l);
  return () => {
    listeners.delete(l);
    window.removeEventListener('popstate', l);
  };
}

export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

export function useRoute(): Route {
  const pathname = useSyncExternalStore(subscribe, () => window.location.pathname);
  return parseRoute(pathname);
}

/** A link that moves within the page: a plain click navigates, a modified one opens a tab. */
export function onLinkClick(path: string) {
  return (e: {
    button: number;
    metaKey: boolean;
    ctrlKey: boolean;
    shiftKey: boolean;
    altKey: boolean;
    preventDefault(): void;
  }) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(path);
  };
}
