/** Sign-in for browsers: `POST /api/auth/login`, `POST /api/auth/logout`, `GET /api/auth/me`. */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { LoginBodySchema, type LoginBody } from '../../../src-shared/api/users.js';
import { publicUser, type Accounts } from '../accounts.js';
import { currentUser } from '../auth.js';
import { validate } from '../body.js';
import { FailureLimiter } from '../ratelimit.js';
import type { HubContext } from '../types.js';

export function authRouter(
  h: HubContext,
  accounts: Accounts,
  limiter = new FailureLimiter(),
): Router {
  const router = new Router({ prefix: '/api/auth' });

  router.post('/login', validate(LoginBodySchema, { limit: 8 * 1024 }), async (ctx) => {
    const { username, password } = ctx.request.body as LoginBody;
    // Both the address and the account are limited: one guesses many names, the other many hosts.
    const keys = [`ip:${ctx.ip}`, `user:${username.toLowerCase()}`];
    const wait = Math.max(...keys.map((k) => limiter.retryAfter(k)));
    if (wait > 0) {
      ctx.set('Retry-After', String(wait));
      throw new AuxinError('RATE_LIMITED', 'too many failed sign-ins; try again later', {
        retry_after: wait,
      });
    }
    const user = await accounts.checkPassword(username, password);
    if (!user) {
      keys.forEach((k) => limiter.fail(k));
      h.logger.warn({ username, ip: ctx.ip }, 'failed sign-in');
      throw new AuxinError('UNAUTHORIZED', 'wrong username or password');
    }
    keys.forEach((k) => limiter.reset(k));
    const issued = await accounts.issueToken(user.username, 'login');
    ctx.body = { user: publicUser(user), ...issued };
  });

  router.post('/logout', async (ctx) => {
    const user = currentUser(ctx);
    await accounts.revokeToken(user.username, ctx.state.tokenId as string);
    ctx.status = 204;
  });

  router.get('/me', (ctx) => {
    const user = accounts.user(currentUser(ctx).username);
    if (!user) throw new AuxinError('UNAUTHORIZED', 'the account no longer exists');
    ctx.body = { user: publicUser(user) };
  });

  return router;
}
