/** Accounts: `/api/users` (admin) and each user's tokens (the user themself or an admin). */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { isValidUsername } from '../../../src-shared/names.js';
import { userRoutes } from '../../../src-shared/api/users.js';
import { publicUser, type Accounts } from '../accounts.js';
import { currentUser, requireRole } from '../auth.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

function selfOrAdmin(ctx: Context): string {
  const user = currentUser(ctx);
  const target = (ctx.params as Record<string, string>).username;
  if (!isValidUsername(target)) throw new AuxinError('INVALID_NAME', 'not a valid username');
  if (user.role !== 'admin' && user.username !== target) {
    throw new AuxinError('FORBIDDEN', "only an admin may manage another user's tokens");
  }
  return target;
}

export function usersRouter(h: HubContext, accounts: Accounts): Router {
  const router = new Router();

  mount(router, userRoutes.list, (ctx) => {
    requireRole(ctx, 'admin');
    return accounts.users().map(publicUser);
  });

  mount(router, userRoutes.create, async (ctx, { body }) => {
    const admin = requireRole(ctx, 'admin');
    const { user, token, token_id } = await accounts.createUser(
      body.username,
      body.role,
      body.password,
    );
    h.logger.info({ username: user.username, role: user.role, by: admin.username }, 'user created');
    ctx.status = 201;
    return { user: publicUser(user), token, token_id };
  });

  mount(router, userRoutes.tokens, (ctx) => {
    const target = selfOrAdmin(ctx);
    if (!accounts.user(target)) throw new AuxinError('NOT_FOUND', `no user '${target}'`);
    return accounts.tokens(target);
  });

  mount(router, userRoutes.issueToken, async (ctx, { body }) => {
    const target = selfOrAdmin(ctx);
    const issued = await accounts.issueToken(target, body.label ?? 'api');
    ctx.status = 201;
    return { user: publicUser(accounts.user(target)!), ...issued };
  });

  mount(router, userRoutes.revokeToken, async (ctx, { params }) => {
    const target = selfOrAdmin(ctx);
    const id = params.id;
    if (!/^[0-9a-f]{1,64}$/.test(id)) throw new AuxinError('NOT_FOUND', `no token '${id}'`);
    await accounts.revokeToken(target, id);
    ctx.status = 204;
  });

  return router;
}
