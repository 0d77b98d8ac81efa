/**
 * INTERIM, until the shared typed client (src-shared/api/client.ts, issue #14) lands on main:
 * the same shape (`call(route, {params, query, body})`, `events(...)`), fetch only.
 */
import { AuxinError, type ErrorCode } from '../../src-shared/errors.js';

export interface Route<R = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  response?: R;
}

export interface CallArgs {
  params?: Record<string, string>;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

export interface ApiClient {
  call<R>(route: Route<R>, args: CallArgs): Promise<R>;
  events(opts: {
    repo?: string;
    signal: AbortSignal;
    onEvent: (e: unknown) => void;
    onOpen?: () => void;
  }): Promise<void>;
}

function fill(path: string, params: Record<string, string> = {}): string {
  return path.replace(/:([a-z]+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
}

async function failure(res: Response): Promise<AuxinError> {
  const body = (await res.json().catch(() => null)) as { error?: string; code?: string } | null;
  const code = (body?.code ?? 'INTERNAL') as ErrorCode;
  return new AuxinError(code, body?.error ?? `HTTP ${res.status}`, {}, res.status);
}

export function createApiClient(opts: { baseUrl: string; auth?: { token: string } }): ApiClient {
  const headers = (json: boolean): Record<string, string> => ({
    ...(opts.auth ? { Authorization: `Bearer ${opts.auth.token}` } : {}),
    ...(json ? { 'Content-Type': 'application/json' } : {}),
  });
  return {
    async call<R>(route: Route<R>, args: CallArgs): Promise<R> {
      const url = new URL(fill(route.path, args.params), opts.baseUrl);
      for (const [k, v] of Object.entries(args.query ?? {}))
        if (v !== undefined) url.searchParams.set(k, String(v));
      const res = await fetch(url, {
        method: route.method,
        headers: headers(args.body !== undefined),
        body: args.body !== undefined ? JSON.stringify(args.body) : undefined,
        credentials: 'same-origin',
      });
      if (!res.ok) throw await failure(res);
      if (res.status === 204) return undefined as R;
      return (await res.json()) as R;
    },
    async events({ repo, signal, onEvent, onOpen }) {
      const url = new URL('/api/events', opts.baseUrl);
      if (repo) url.searchParams.set('repo', repo);
      const res = await fetch(url, { headers: headers(false), signal, credentials: 'same-origin' });
      if (!res.ok || !res.body) throw await failure(res);
      onOpen?.();
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buf += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          if (data) {
            try {
              onEvent(JSON.parse(data));
            } catch {
              // Not JSON: not ours.
            }
          }
        }
      }
    },
  };
}
