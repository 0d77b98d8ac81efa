/**
 * Browser sessions: `GET /api/auth/session` (who is signed in), `POST` (sign in), `DELETE` (out).
 * A session is a hub token of its own (label `browser session`), kept only in an HttpOnly cookie:
 * signing out revokes it, which also closes the live streams it opened.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { sessionRoutes, type SessionBody } from '../../../src-shared/api/session.js';
import { publicUser, type Accounts, type StoredUser } from '../accounts.js';
import { currentUser } from '../auth.js';
import { mount } from '../mount.js';
import { FailureLimiter } from '../ratelimit.js';
import { clearSessionCookie, ownOrigin, sessionToken, setSessionCookie } from '../session.js';
import { normalizeOrigin } from '../security.js';
import type { HubContext } from '../types.js';

export interface SignInLimits {
  user: FailureLimiter;
  ip: FailureLimiter;
}

/** Same limits as `POST /api/auth/login`: 5 failures per account, 20 per address, in 5 minutes. */
export function signInLimits(): SignInLimits {
  return { user: new FailureLimiter(5), ip: new FailureLimiter(20) };
}

/**
 * A browser signs in only from the hub's own page: another site must not be able to sign a
 * teammate's browser into the attacker's account either. Clients that send no Origin (scripts,
 * the tests' fetch) are not browsers acting for someone else.
 */
function assertOwnOriginIfAny(ctx: Context): void {
  const origin = ctx.get('Origin');
  if (!origin) return;
  const own = ownOrigin(ctx.protocol, ctx.host);
  if (!own || normalizeOrigin(origin) !== own || origin.toLowerCase() !== own) {
    throw new AuxinError('CROSS_ORIGIN', "sign in from the hub's own page");
  }
}

async function checkCredentials(
  h: HubContext,
  ctx: Context,
  accounts: Accounts,
  limits: SignInLimits,
  body: SessionBody,
): Promise<StoredUser | null> {
  // A pasted token is limited per address only: it names no account.
  const userKey = 'username' in body ? body.username.toLowerCase() : null;
  const wait = Math.max(
    userKey ? limits.user.retryAfter(userKey) : 0,
    limits.ip.retryAfter(ctx.ip),
  );
  if (wait > 0) {
    ctx.set('Retry-After', String(wait));
    throw new AuxinError('RATE_LIMITED', 'too many failed sign-ins; try again later', {
      retry_after: wait,
    });
  }
  // Reserved before the check, as the login route does, so parallel guesses see each other.
  const userStamp = userKey ? limits.user.fail(userKey) : 0;
  const ipStamp = limits.ip.fail(ctx.ip);
  let user: StoredUser | null;
  try {
    user =
      'username' in body
        ? await accounts.checkPassword(body.username, body.password)
        : (accounts.authenticate(body.token)?.user ?? null);
  } catch (e) {
    if (userKey) limits.user.release(userKey, userStamp);
    limits.ip.release(ctx.ip, ipStamp);
    throw e;
  }
  if (!user) {
    h.logger.warn({ username: userKey ?? '(token)', ip: ctx.ip }, 'failed browser sign-in');
    return null;
  }
  if (userKey) limits.user.reset(userKey);
  limits.ip.release(ctx.ip, ipStamp);
  return user;
}

export function sessionRouter(
  h: HubContext,
  accounts: Accounts,
  limits: SignInLimits = signInLimits(),
): Router {
  const router = new Router();

  // Who this browser is signed in as, or `{user: null}`: a page's first question, answered
  // without a 401 (which browsers log as an error in the console).
  mount(router, sessionRoutes.current, (ctx) => {
    const token = sessionToken(ctx.get('Cookie') || undefined);
    const found = token ? accounts.authenticate(token) : null;
    ctx.set('Cache-Control', 'no-store');
    return { user: found ? publicUser(found.user) : null };
  });

  mount(router, sessionRoutes.create, async (ctx, { body }) => {
    assertOwnOriginIfAny(ctx);
    const user = await checkCredentials(h, ctx, accounts, limits, body);
    if (!user) {
      throw new AuxinError(
        'UNAUTHORIZED',
        'username' in body ? 'wrong username or password' : 'invalid or revoked token',
      );
    }
    const issued = await accounts.issueToken(user.username, 'browser session');
    setSessionCookie(ctx, issued.token);
    ctx.set('Cache-Control', 'no-store');
    return { user: publicUser(user) };
  });

  mount(router, sessionRoutes.remove, async (ctx) => {
    const user = currentUser(ctx);
    // Only a session the cookie opened: a bearer caller ends its token with POST /api/auth/logout.
    if (!sessionToken(ctx.get('Cookie') || undefined) || ctx.get('Authorization')) {
      throw new AuxinError(
        'BAD_REQUEST',
        'no browser session to end; the CLI signs out with logout',
      );
    }
    await accounts.revokeToken(user.username, ctx.state.tokenId as string);
    clearSessionCookie(ctx);
    ctx.status = 204;
  });

  return router;
}
