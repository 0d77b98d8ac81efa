/**
 * For the renderer's component tests: a scripted hub behind the real typed client. Each answer
 * is given by method and path; every request is recorded, so a test can say what was (not) asked.
 */
import { createApiClient } from '../../src-shared/api/client.js';
import { setApiClient } from '../services/client.js';
import { useStore } from './store.js';

export interface Sent {
  method: string;
  path: string;
  /** The query string with its `?`, when there is one. */
  search?: string;
  body: unknown;
}

type Answer =
  { status?: number; json?: unknown } | ((body: unknown) => { status?: number; json?: unknown });

export function scriptedHub(answers: Record<string, Answer>) {
  const sent: Sent[] = [];
  setApiClient(
    createApiClient({
      baseUrl: 'http://hub.test',
      fetch: async (url, init) => {
        const path = decodeURIComponent(new URL(url).pathname);
        const search = new URL(url).search || undefined;
        const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
        const method = init.method ?? 'GET';
        sent.push({ method, path, search, body });
        const script = answers[`${method} ${path}`];
        if (!script) {
          return new Response(
            JSON.stringify({ error: `no route for ${method} ${path}`, code: 'NOT_FOUND' }),
            {
              status: 404,
            },
          );
        }
        const a = typeof script === 'function' ? script(body) : script;
        return new Response(a.json === undefined ? null : JSON.stringify(a.json), {
          status: a.status ?? 200,
        });
      },
    }),
  );
  return { sent };
}

/** A fresh store state between tests (the store is one per page). */
export function resetStore(): void {
  useStore.getState().stopLive();
  useStore.getState().resetProjects();
  useStore.setState({
    user: null,
    sessionStatus: 'signed-out',
    sessionError: null,
    lockBusy: {},
    lockErrors: {},
    waitingFor: {},
    notices: [],
    comments: {},
    feeds: {},
    team: null,
    tokens: {},
    newToken: null,
    tokenBusy: null,
    tokenError: null,
    address: null,
    watched: null,
    history: {},
  });
}

/**
 * jsdom lays nothing out: every box is 0×0, so the virtualised list would show no row. Give
 * elements a window-sized box, as a 1280×800 browser would.
 */
export function giveLayout(): void {
  for (const [prop, value] of [
    ['clientWidth', 1280],
    ['clientHeight', 800],
    ['offsetWidth', 1280],
    ['offsetHeight', 800],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
  }
}
