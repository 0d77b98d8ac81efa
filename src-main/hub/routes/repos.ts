/** Repositories: list, create, read, delete, visibility, collaborators. */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { isValidUsername } from '../../../src-shared/names.js';
import {
  CollaboratorBodySchema,
  CreateRepoBodySchema,
  REPO_PATH,
  SetVisibilityBodySchema,
  type CreateRepoBody,
} from '../../../src-shared/api/repos.js';
import { currentUser } from '../auth.js';
import { readJson, parseOr400, validate } from '../body.js';
import { loadRepo, repoParams, stateRepo } from '../load-repo.js';
import { canCreateRepo, canRead } from '../policy.js';
import { repoWire } from '../repos.js';
import type { Accounts } from '../accounts.js';
import type { HubContext } from '../types.js';

export function reposRouter(h: HubContext, accounts: Accounts): Router {
  const router = new Router();

  router.get('/api/repos', (ctx) => {
    const user = currentUser(ctx);
    ctx.body = h.repos
      .list()
      .filter((r) => canRead(user, r))
      .map(repoWire);
  });

  router.get(REPO_PATH, loadRepo(h), (ctx) => {
    ctx.body = repoWire(stateRepo(ctx));
  });

  router.post(REPO_PATH, validate(CreateRepoBodySchema, { limit: 16 * 1024 }), async (ctx) => {
    const user = currentUser(ctx);
    const { namespace, name } = repoParams(ctx);
    if (!canCreateRepo(user)) {
      throw new AuxinError('FORBIDDEN', `${user.username} may not create repositories`);
    }
    const body = ctx.request.body as CreateRepoBody;
    const repo = await h.repos.create(namespace, name, user.username, body);
    ctx.status = 201;
    ctx.body = repoWire(repo);
  });

  router.delete(REPO_PATH, loadRepo(h, 'admin'), async (ctx) => {
    const repo = stateRepo(ctx);
    await h.repos.delete(repo.namespace, repo.name, currentUser(ctx).username);
    ctx.status = 204;
  });

  router.put(
    `${REPO_PATH}/visibility`,
    loadRepo(h, 'admin'),
    validate(SetVisibilityBodySchema, { limit: 4096 }),
    async (ctx) => {
      const repo = stateRepo(ctx);
      const { visibility } = ctx.request.body as { visibility: 'team' | 'private' };
      ctx.body = repoWire(
        await h.repos.setVisibility(
          repo.namespace,
          repo.name,
          visibility,
          currentUser(ctx).username,
        ),
      );
    },
  );

  router.post(
    `${REPO_PATH}/collaborators`,
    loadRepo(h, 'admin'),
    validate(CollaboratorBodySchema, { limit: 4096 }),
    async (ctx) => {
      const repo = stateRepo(ctx);
      const { username } = ctx.request.body as { username: string };
      if (!accounts.user(username)) throw new AuxinError('NOT_FOUND', `no user '${username}'`);
      ctx.body = repoWire(
        await h.repos.addCollaborator(
          repo.namespace,
          repo.name,
          username,
          currentUser(ctx).username,
        ),
      );
    },
  );

  const removeCollaborator = async (ctx: Context, username: string) => {
    const repo = stateRepo(ctx);
    ctx.body = repoWire(
      await h.repos.removeCollaborator(
        repo.namespace,
        repo.name,
        username,
        currentUser(ctx).username,
      ),
    );
  };
  router.delete(`${REPO_PATH}/collaborators/:username`, loadRepo(h, 'admin'), async (ctx) => {
    const username = (ctx.params as Record<string, string>).username;
    if (!isValidUsername(username)) throw new AuxinError('INVALID_NAME', 'not a valid username');
    await removeCollaborator(ctx, username);
  });
  router.delete(`${REPO_PATH}/collaborators`, loadRepo(h, 'admin'), async (ctx) => {
    const { username } = parseOr400(CollaboratorBodySchema, await readJson(ctx, 4096), 'body');
    await removeCollaborator(ctx, username);
  });

  return router;
}
