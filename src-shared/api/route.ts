/**
 * Routes as data. Every HTTP route of the hub is declared once, in the `src-shared/api/` file of
 * its resource, with its method, path pattern and schemas: the hub mounts its handlers on these
 * objects (`src-main/hub/mount.ts`), and every client builds URLs and decodes answers from them.
 */
import type { z } from 'zod';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * `json`: the answer is JSON checked against `response`; `none`: 204 or an ignored body; `binary`
 * and `stream`: the handler writes the body itself (a file download, a pack, the live stream).
 */
export type ResponseKind = 'json' | 'none' | 'binary' | 'stream';

export interface RouteDef {
  method: Method;
  /** Koa-style pattern: `/api/repos/:ns/:name/locks/status`. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON body, read (at most `bodyLimit` bytes) and parsed by the hub before the handler. */
  body?: z.ZodType;
  bodyLimit?: number;
  /** The handler reads its own (binary) body: a pack upload. */
  rawBody?: boolean;
  response?: z.ZodType;
  kind: ResponseKind;
  /** Reached without a token (`/health`, sign-in). */
  public?: boolean;
}

/** Keeps the literal types of a route's schemas, so callers infer their inputs and answers. */
export function defineRoute<const R extends RouteDef>(route: R): R {
  return route;
}

type Infer<S> = S extends z.ZodType ? z.input<S> : never;
type Out<S> = S extends z.ZodType ? z.output<S> : never;

/** What a caller passes for `route`: only the parts the route declares. */
export type RouteInput<R extends RouteDef> = (R['params'] extends z.ZodType
  ? { params: Infer<R['params']> }
  : { params?: undefined }) &
  (R['query'] extends z.ZodType ? { query?: Infer<R['query']> } : { query?: undefined }) &
  (R['body'] extends z.ZodType ? { body: Infer<R['body']> } : { body?: undefined });

/** What a JSON route answers (after its schema parsed it). */
export type RouteOutput<R extends RouteDef> = R['response'] extends z.ZodType
  ? Out<R['response']>
  : undefined;

/** The parameter names of a path pattern, in order. */
export function pathParams(pattern: string): string[] {
  return [...pattern.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

/** The URL path of `route` with its parameters filled in, each percent-encoded. */
export function routePath(route: Pick<RouteDef, 'path'>, params: object = {}): string {
  const values = params as Record<string, unknown>;
  return route.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => {
    const v = values[name];
    if (typeof v !== 'string' || v === '') {
      throw new TypeError(`route ${route.path}: parameter '${name}' is missing`);
    }
    return encodeURIComponent(v);
  });
}

/** `?a=1&b=x` from a query object; undefined and null values are left out. */
export function queryString(query: object | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

/** Compiled path patterns: the hub's authentication matches every request against a few. */
const patterns = new Map<string, RegExp>();

/** Does the concrete `path` match `route`'s pattern? Each parameter is one non-empty segment. */
export function matchesRoute(route: Pick<RouteDef, 'path'>, path: string): boolean {
  let re = patterns.get(route.path);
  if (!re) {
    const source = route.path
      .split(/(:[A-Za-z_][A-Za-z0-9_]*)/)
      .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${source}$`);
    patterns.set(route.path, re);
  }
  return re.test(path);
}
