/** Security headers and CORS limited to configured origins. The origin check is a pure function. */
import type { Context, Next } from 'koa';
import { AuxinError } from '../../src-shared/errors.js';

/** `scheme://host[:port]` lower-cased, or null for anything that is not an http(s) origin. */
export function normalizeOrigin(value: string): string | null {
  if (typeof value !== 'string' || value.length > 2048) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) return null;
  return url.origin.toLowerCase();
}

/** Exact match against the configured origins; `*` allows any http(s) origin. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  const normal = normalizeOrigin(origin);
  if (!normal || normal !== origin.toLowerCase()) return false;
  return allowed.some((a) => a === '*' || normalizeOrigin(a) === normal);
}

const ALLOW_HEADERS = 'Authorization, Content-Type, Range, X-Request-Id, Last-Event-ID';
const EXPOSE_HEADERS = 'X-Request-Id, Content-Range, Accept-Ranges, Content-Length, Retry-After';
const ALLOW_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE';

/** On every answer, including those written straight to the socket (src-main/hub/client-error.ts). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function securityHeaders() {
  return async function setSecurityHeaders(ctx: Context, next: Next): Promise<void> {
    ctx.set(SECURITY_HEADERS);
    await next();
  };
}

/** Bearer tokens, not cookies, authenticate: so no credentials mode, only the origin check. */
export function cors(allowed: readonly string[]) {
  return async function applyCors(ctx: Context, next: Next): Promise<void> {
    const origin = ctx.get('Origin');
    ctx.vary('Origin');
    const ok = originAllowed(origin || undefined, allowed);
    const preflight = ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method');
    if (preflight) {
      if (!ok) throw new AuxinError('FORBIDDEN', 'origin not allowed');
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Allow-Methods', ALLOW_METHODS);
      ctx.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    if (ok) {
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    }
    await next();
  };
}
