/**
 * Browser sessions: an `HttpOnly; SameSite=Strict` cookie holding a hub token that only the
 * sign-in route hands out, so page scripts never see a credential. A cookie rides along with any
 * request the browser makes to the hub, including those another site triggers, so writes it
 * authenticates must come from the hub's own origin. The decisions are pure functions, tested
 * with hostile inputs (test/unit/session.test.ts).
 */
import type { Context } from 'koa';
import { normalizeOrigin } from './security.js';

export const SESSION_COOKIE = 'auxin_session';
/** How long a browser keeps the cookie; signing out ends the session on the hub sooner. */
export const SESSION_MAX_AGE_S = 30 * 24 * 3600;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,512}$/;

/**
 * The session token from a `Cookie` header, or null. Only the first `auxin_session` counts, and
 * only when it has a token's shape: a cookie planted by a sibling host (a second value under the
 * same name) or padded with quotes, spaces or separators is ignored rather than guessed at.
 */
export function sessionToken(cookieHeader: string | undefined): string | null {
  if (typeof cookieHeader !== 'string' || !cookieHeader || cookieHeader.length > 16_384) {
    return null;
  }
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return TOKEN_SHAPE.test(value) ? value : null;
  }
  return null;
}

/** Methods that only read: a cross-site request may trigger them, but cannot see the answer. */
export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/**
 * The hub's own origin as the browser reached it: `scheme://host[:port]` from the Host header,
 * or null when the Host header is not a plain host and port.
 */
export function ownOrigin(protocol: string, host: string | undefined): string | null {
  if (protocol !== 'http' && protocol !== 'https') return null;
  if (typeof host !== 'string' || !host || host.length > 300) return null;
  // A host and an optional port only: no user info, path, query or whitespace smuggled in.
  if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host)) return null;
  return normalizeOrigin(`${protocol}://${host}`);
}

/**
 * True when a cookie-authenticated request may go on: reads always (the answer goes only to
 * the hub's own pages: no CORS credentials are ever allowed), writes only when the browser says
 * the page that sent them is the hub's own. A missing, `null` or malformed Origin is refused.
 */
export function cookieRequestAllowed(
  method: string,
  origin: string | undefined,
  protocol: string,
  host: string | undefined,
): boolean {
  if (isSafeMethod(method)) return true;
  if (typeof origin !== 'string' || !origin) return false;
  const own = ownOrigin(protocol, host);
  const from = normalizeOrigin(origin);
  // Compared as sent, too: `http://HUB:3000` is the same origin, `http://hub:3000/x` is not one.
  return own !== null && from !== null && from === origin.toLowerCase() && from === own;
}

export function setSessionCookie(ctx: Context, token: string): void {
  const secure = ctx.secure ? '; Secure' : '';
  ctx.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_S}${secure}`,
  );
}

export function clearSessionCookie(ctx: Context): void {
  const secure = ctx.secure ? '; Secure' : '';
  ctx.append(
    'Set-Cookie',
    `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure}`,
  );
}
