/**
 * Authentication: every request but the public routes (`GET /health`, sign-in) and CORS
 * preflights must carry `Authorization: Bearer <token>` or a browser session cookie
 * (src-main/hub/session.ts). Browsers' EventSource cannot set headers, so the live stream alone
 * also accepts `?token=`.
 */
import type { Context, Next } from 'koa';
import { AuxinError } from '../../src-shared/errors.js';
import { activityRoutes } from '../../src-shared/api/activity.js';
import { historyRoutes } from '../../src-shared/api/history.js';
import { matchesRoute } from '../../src-shared/api/route.js';
import { allRoutes } from '../../src-shared/api/routes.js';
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
    matchesRoute(activityRoutes.events, path) || matchesRoute(historyRoutes.file, path);
  if (method === 'GET' && queryAllowed && typeof queryToken === 'string' && queryToken) {
    return queryToken.length <= 512 ? queryToken : null;
  }
  return null;
}

const PUBLIC_ROUTES = allRoutes()
  .map(([, route]) => route)
  .filter((route) => route.public);

/** Routes the table marks `public` (`/health`, sign-in); a GET route also answers HEAD. */
export function isPublicRoute(method: string, path: string): boolean {
  return PUBLIC_ROUTES.some(
    (route) =>
      (route.method === method || (route.method === 'GET' && method === 'HEAD')) &&
      matchesRoute(route, path),
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
