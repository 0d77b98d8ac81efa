/**
 * Authentication: every request but `GET /health`, the sign-in routes and CORS preflights must
 * carry `Authorization: Bearer <token>` or a browser session cookie (src-main/hub/session.ts).
 * Browsers' EventSource cannot set headers, so the live stream alone also accepts `?token=`.
 */
import type { Context, Next } from 'koa';
import { AuxinError } from '../../src-shared/errors.js';
import { EVENTS_PATH } from '../../src-shared/api/activity.js';
import { LOGIN_PATH } from '../../src-shared/api/users.js';
import { SESSION_PATH } from '../../src-shared/api/session.js';
import type { Accounts } from './accounts.js';
import { cookieRequestAllowed, sessionToken } from './session.js';
import type { AuthUser } from './types.js';

/** The token a request presents, or null. Pure, so the hostile-input tests can call it. */
export function presentedToken(
  method: string,
  path: string,
  authorization: string | undefined,
  queryToken: unknown,
): string | null {
  if (authorization) {
    const m = /^Bearer[ ]+([^\s]{1,512})\s*$/i.exec(authorization);
    return m ? m[1]! : null;
  }
  // Browsers' EventSource and <audio src> cannot send headers: only those two GETs take ?token=.
  const queryAllowed =
    path === EVENTS_PATH || (path.startsWith('/api/repos/') && path.endsWith('/file'));
  if (method === 'GET' && queryAllowed && typeof queryToken === 'string' && queryToken) {
    return queryToken.length <= 512 ? queryToken : null;
  }
  return null;
}

export function isPublicRoute(method: string, path: string): boolean {
  return (
    ((method === 'GET' || method === 'HEAD') && path === '/health') ||
    (method === 'POST' && path === LOGIN_PATH) ||
    // The session route answers for itself: GET says who is signed in (or nobody) without a 401.
    ((method === 'GET' || method === 'POST') && path === SESSION_PATH)
  );
}

export function authenticate(accounts: Accounts) {
  return async function requireToken(ctx: Context, next: Next): Promise<void> {
    if (isPublicRoute(ctx.method, ctx.path)) return next();
    let token = presentedToken(
      ctx.method,
      ctx.path,
      ctx.get('Authorization') || undefined,
      ctx.query.token,
    );
    // A browser's session cookie, only when nothing else was presented (the CLI's bearer wins).
    if (!token && !ctx.get('Authorization')) {
      token = sessionToken(ctx.get('Cookie') || undefined);
      if (token && !cookieRequestAllowed(ctx.method, ctx.get('Origin'), ctx.protocol, ctx.host)) {
        throw new AuxinError(
          'CROSS_ORIGIN',
          "a signed-in browser may only write from the hub's own pages",
        );
      }
    }
    const found = token ? accounts.authenticate(token) : null;
    if (!found) {
      ctx.set('WWW-Authenticate', 'Bearer realm="auxin"');
      throw new AuxinError(
        'UNAUTHORIZED',
        token ? 'invalid or revoked token' : 'a token is required',
      );
    }
    const user: AuthUser = { username: found.user.username, role: found.user.role };
    ctx.state.user = user;
    ctx.state.tokenId = found.tokenId;
    await next();
  };
}

/** The authenticated caller (the auth middleware guarantees one on every non-public route). */
export function currentUser(ctx: Context): AuthUser {
  const user = ctx.state.user as AuthUser | undefined;
  if (!user) throw new AuxinError('UNAUTHORIZED', 'a token is required');
  return user;
}

export function requireRole(ctx: Context, ...roles: AuthUser['role'][]): AuthUser {
  const user = currentUser(ctx);
  if (!roles.includes(user.role)) {
    throw new AuxinError('FORBIDDEN', `this needs the ${roles.join(' or ')} role`);
  }
  return user;
}
