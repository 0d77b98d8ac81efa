/** Accounts: `/api/users` (admin) and each user's tokens (the user themself or an admin). */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { isValidUsername } from '../../../src-shared/names.js';
import {
  CreateTokenBodySchema,
  CreateUserBodySchema,
  type CreateUserBody,
} from '../../../src-shared/api/users.js';
import { publicUser, type Accounts } from '../accounts.js';
import { currentUser, requireRole } from '../auth.js';
import { validate } from '../body.js';
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
  const router = new Router({ prefix: '/api/users' });

  router.get('/', (ctx) => {
    requireRole(ctx, 'admin');
    ctx.body = accounts.users().map(publicUser);
  });

  router.post('/', validate(CreateUserBodySchema, { limit: 8 * 1024 }), async (ctx) => {
    const admin = requireRole(ctx, 'admin');
    const body = ctx.request.body as CreateUserBody;
    const { user, token, token_id } = await accounts.createUser(
      body.username,
      body.role,
      body.password,
    );
    h.logger.info({ username: user.username, role: user.role, by: admin.username }, 'user created');
    ctx.status = 201;
    ctx.body = { user: publicUser(user), token, token_id };
  });

  router.get('/:username/tokens', (ctx) => {
    const target = selfOrAdmin(ctx);
    if (!accounts.user(target)) throw new AuxinError('NOT_FOUND', `no user '${target}'`);
    ctx.body = accounts.tokens(target);
  });

  router.post(
    '/:username/tokens',
    validate(CreateTokenBodySchema, { limit: 4096 }),
    async (ctx) => {
      const target = selfOrAdmin(ctx);
      const label = (ctx.request.body as { label?: string }).label ?? 'api';
      const issued = await accounts.issueToken(target, label);
      ctx.status = 201;
      ctx.body = { user: publicUser(accounts.user(target)!), ...issued };
    },
  );

  router.delete('/:username/tokens/:id', async (ctx) => {
    const target = selfOrAdmin(ctx);
    const id = (ctx.params as Record<string, string>).id ?? '';
    if (!/^[0-9a-f]{1,64}$/.test(id)) throw new AuxinError('NOT_FOUND', `no token '${id}'`);
    await accounts.revokeToken(target, id);
    ctx.status = 204;
  });

  return router;
}
