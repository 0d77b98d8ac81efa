/**
 * The typed client of the hub's JSON routes and live stream, for every caller: the CLI (in Node),
 * the web UI (in a browser, signed in by cookie) and the desktop shell. It uses only `fetch`,
 * so nothing here may import Node, DOM-only or Electron modules.
 *
 *   const api = createApiClient({ baseUrl: 'http://studio.local:3000', auth: { token } });
 *   const lock = await api.call(lockRoutes.acquire, { params: { ns, name }, body: { machine_id } });
 */
import { AuxinError, decodeErrorBody } from '../errors.js';
import { LiveEventSchema, type LiveEvent } from './events.js';
import { EVENTS_PATH } from './activity.js';
import {
  queryString,
  routePath,
  type RouteDef,
  type RouteInput,
  type RouteOutput,
} from './route.js';

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** `http://host:port`; '' in a browser page served by the hub (same origin). */
  baseUrl: string;
  fetch?: FetchLike;
  /** A bearer token (the CLI, the desktop shell); none in a browser, which sends its cookie. */
  auth?: { token: string } | null;
  /** Added to every request (a user agent, for example). */
  headers?: Record<string, string>;
}

export interface EventStreamOptions {
  /** `ns/name` to follow one repository. */
  repo?: string;
  signal: AbortSignal;
  onEvent: (event: LiveEvent) => void;
  /** Called once the hub has accepted the stream (headers received). */
  onOpen?: () => void;
  /** An event whose type or payload this client does not know (a newer hub): ignored by default. */
  onUnknown?: (type: string, data: unknown) => void;
}

export interface ApiClient {
  readonly baseUrl: string;
  /** Call a JSON route; its answer is checked against the route's response schema. */
  call<R extends RouteDef>(
    route: R,
    input?: RouteInput<R>,
    init?: { signal?: AbortSignal },
  ): Promise<RouteOutput<R>>;
  /** The URL of a route (for `<audio src>`, a download link). */
  url<R extends RouteDef>(route: R, input?: Omit<RouteInput<R>, 'body'>): string;
  /** Follow the live stream until `signal` aborts or the hub ends it (resolves), or it fails. */
  events(opts: EventStreamOptions): Promise<void>;
}

export function createApiClient(opts: ApiClientOptions): ApiClient {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const headers = (extra: Record<string, string>): Record<string, string> => {
    const h: Record<string, string> = { ...opts.headers, ...extra };
    if (opts.auth?.token) h.Authorization = `Bearer ${opts.auth.token}`;
    return h;
  };
  const url = <R extends RouteDef>(route: R, input?: Omit<RouteInput<R>, 'body'>): string =>
    baseUrl + routePath(route, input?.params ?? {}) + queryString(input?.query ?? undefined);

  async function send(target: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await doFetch(target, { credentials: 'same-origin', ...init });
    } catch (e) {
      // fetch fails with a TypeError when the network does; anything else (an abort, the
      // caller's own fetch giving up or asking to retry) is the caller's to handle.
      if (!(e instanceof TypeError)) throw e;
      throw new AuxinError(
        'REMOTE_UNREACHABLE',
        `cannot reach the hub at ${baseUrl || 'this page'}: ${(e as Error)?.message ?? e}`,
      );
    }
    if (!res.ok) throw decodeErrorBody(res.status, await res.text().catch(() => ''));
    return res;
  }

  return {
    baseUrl,
    url,
    async call(route, input, init) {
      const body = input?.body;
      const res = await send(url(route, input), {
        method: route.method,
        headers: headers(
          body === undefined
            ? { Accept: 'application/json' }
            : { Accept: 'application/json', 'Content-Type': 'application/json' },
        ),
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: init?.signal,
      });
      if (route.kind !== 'json' || !route.response || res.status === 204) {
        await res.body?.cancel();
        return undefined as RouteOutput<typeof route>;
      }
      const text = await res.text();
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new AuxinError('NOT_A_HUB', `not JSON: ${preview(text)}`);
      }
      const parsed = route.response.safeParse(value);
      if (!parsed.success) {
        throw new AuxinError(
          'NOT_A_HUB',
          `${route.method} ${route.path} answered an unexpected shape: ${parsed.error.issues[0]?.message ?? ''}`,
        );
      }
      return parsed.data as RouteOutput<typeof route>;
    },
    async events(o) {
      const target = baseUrl + EVENTS_PATH + queryString({ repo: o.repo });
      const res = await send(target, {
        method: 'GET',
        headers: headers({ Accept: 'text/event-stream' }),
        signal: o.signal,
      });
      o.onOpen?.();
      if (!res.body) return;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = sseParser((type, data) => {
        const parsed = LiveEventSchema.safeParse(data);
        if (parsed.success) o.onEvent(parsed.data as LiveEvent);
        else o.onUnknown?.(type, data);
      });
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          parser(value);
        }
      } catch (e) {
        if (o.signal.aborted) return;
        throw e;
      }
    },
  };
}

/** The start of an answer, on one line, for an error message. */
function preview(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return JSON.stringify(line.length > 40 ? `${line.slice(0, 40)}...` : line);
}

/**
 * Server-Sent Events framing: `field: value` lines, a blank line ends a message; `:` lines are
 * heartbeats. Hands each message's `event` and parsed JSON `data` to `emit`.
 */
export function sseParser(emit: (type: string, data: unknown) => void): (text: string) => void {
  let buffer = '';
  let type = 'message';
  let data: string[] = [];
  return (text) => {
    buffer += text;
    let nl: number;
    while ((nl = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + (buffer[nl] === '\r' ? 2 : 1));
      if (line === '') {
        if (data.length) {
          try {
            emit(type, JSON.parse(data.join('\n')));
          } catch {
            // not JSON: no hub event
          }
        }
        type = 'message';
        data = [];
      } else if (line.startsWith(':')) {
        continue;
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = value;
        else if (field === 'data') data.push(value);
      }
    }
  };
}
