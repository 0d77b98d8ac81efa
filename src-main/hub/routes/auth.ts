/** Sign-in for browsers: `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`. */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { authRoutes } from '../../../src-shared/api/users.js';
import { publicUser, type Accounts } from '../accounts.js';
import { currentUser } from '../auth.js';
import { mount } from '../mount.js';
import { FailureLimiter } from '../ratelimit.js';
import type { HubContext } from '../types.js';

/**
 * Failed sign-ins are limited per account (5 in 5 minutes) and per address (20 in 5 minutes):
 * one attacker guesses many names, another one name from many hosts; the looser address limit
 * keeps one teammate's typos from locking out a whole shared address.
 */
export function authRouter(
  h: HubContext,
  accounts: Accounts,
  limits = { user: new FailureLimiter(5), ip: new FailureLimiter(20) },
): Router {
  const router = new Router();

  mount(router, authRoutes.login, async (ctx, { body }) => {
    const { username, password } = body;
    const userKey = username.toLowerCase();
    const wait = Math.max(limits.user.retryAfter(userKey), limits.ip.retryAfter(ctx.ip));
    if (wait > 0) {
      ctx.set('Retry-After', String(wait));
      throw new AuxinError('RATE_LIMITED', 'too many failed sign-ins; try again later', {
        retry_after: wait,
      });
    }
    // Reserved before the scrypt check, synchronously with the limit check above: parallel
    // attempts each see the ones still in flight.
    const userStamp = limits.user.fail(userKey);
    const ipStamp = limits.ip.fail(ctx.ip);
    let user: Awaited<ReturnType<Accounts['checkPassword']>>;
    try {
      user = await accounts.checkPassword(username, password);
    } catch (e) {
      limits.user.release(userKey, userStamp);
      limits.ip.release(ctx.ip, ipStamp);
      throw e;
    }
    if (!user) {
      h.logger.warn({ username, ip: ctx.ip }, 'failed sign-in');
      throw new AuxinError('UNAUTHORIZED', 'wrong username or password');
    }
    // Only the account's count is forgiven: a success with one account must not reset the
    // address's count for guesses at others (its own reserved attempt is taken back).
    limits.user.reset(userKey);
    limits.ip.release(ctx.ip, ipStamp);
    const issued = await accounts.issueToken(user.username, 'login');
    return { user: publicUser(user), ...issued };
  });

  mount(router, authRoutes.logout, async (ctx) => {
    const user = currentUser(ctx);
    await accounts.revokeToken(user.username, ctx.state.tokenId as string);
    ctx.status = 204;
  });

  mount(router, authRoutes.me, (ctx) => {
    const user = accounts.user(currentUser(ctx).username);
    if (!user) throw new AuxinError('UNAUTHORIZED', 'the account no longer exists');
    return { user: publicUser(user) };
  });

  return router;
}
