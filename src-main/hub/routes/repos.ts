/** Repositories: list (filtered by metadata), create, read, delete, visibility, collaborators. */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { isValidUsername } from '../../../src-shared/names.js';
import { repoRoutes } from '../../../src-shared/api/repos.js';
import type { RepoFilterQuery } from '../../../src-shared/api/metadata.js';
import { currentUser } from '../auth.js';
import { checkRepoNames, loadRepo, repoParams, stateRepo } from '../load-repo.js';
import { MetadataFiles } from '../metadata/files.js';
import { isFiltering, repoFilter } from '../metadata/filter.js';
import { mount } from '../mount.js';
import { canCreateRepo, canRead } from '../policy.js';
import { repoWire } from '../repos.js';
import type { Accounts } from '../accounts.js';
import type { AuthUser, HubContext } from '../types.js';

/** The repositories `user` may read; with a filter or `?metadata=1`, with their latest metadata. */
async function listRepos(h: HubContext, user: AuthUser, q: RepoFilterQuery) {
  const readable = h.repos.list().filter((r) => canRead(user, r));
  if (!isFiltering(q) && !q.metadata) return readable.map(repoWire);
  let keep: ReturnType<typeof repoFilter>;
  try {
    keep = repoFilter(q);
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
  const out = [];
  for (const repo of readable) {
    const metadata = await new MetadataFiles(repo.path).readSummary().catch(() => null);
    const row = { ...repoWire(repo), metadata };
    if (keep(row)) out.push(row);
  }
  return out;
}

export function reposRouter(h: HubContext, accounts: Accounts): Router {
  const router = new Router();
  const admin = [loadRepo(h, 'admin')];

  mount(router, repoRoutes.list, (ctx, { query }) => listRepos(h, currentUser(ctx), query));

  mount(router, repoRoutes.get, (ctx) => repoWire(stateRepo(ctx)), [loadRepo(h)]);

  mount(
    router,
    repoRoutes.create,
    async (ctx, { body }) => {
      const user = currentUser(ctx);
      const { namespace, name } = repoParams(ctx);
      if (!canCreateRepo(user)) {
        throw new AuxinError('FORBIDDEN', `${user.username} may not create repositories`);
      }
      const repo = await h.repos.create(namespace, name, user.username, body);
      ctx.status = 201;
      return repoWire(repo);
    },
    [checkRepoNames],
  );

  mount(
    router,
    repoRoutes.remove,
    async (ctx) => {
      const repo = stateRepo(ctx);
      await h.repos.delete(repo.namespace, repo.name, currentUser(ctx).username);
      ctx.status = 204;
    },
    admin,
  );

  mount(
    router,
    repoRoutes.setVisibility,
    async (ctx, { body }) => {
      const repo = stateRepo(ctx);
      const by = currentUser(ctx).username;
      return repoWire(await h.repos.setVisibility(repo.namespace, repo.name, body.visibility, by));
    },
    admin,
  );

  mount(
    router,
    repoRoutes.addCollaborator,
    async (ctx, { body }) => {
      const repo = stateRepo(ctx);
      const { username } = body;
      if (!accounts.user(username)) throw new AuxinError('NOT_FOUND', `no user '${username}'`);
      const by = currentUser(ctx).username;
      return repoWire(await h.repos.addCollaborator(repo.namespace, repo.name, username, by));
    },
    admin,
  );

  const removeCollaborator = async (ctx: Context, username: string) => {
    const repo = stateRepo(ctx);
    const by = currentUser(ctx).username;
    return repoWire(await h.repos.removeCollaborator(repo.namespace, repo.name, username, by));
  };
  mount(
    router,
    repoRoutes.removeCollaborator,
    (ctx, { params }) => {
      if (!isValidUsername(params.username)) {
        throw new AuxinError('INVALID_NAME', 'not a valid username');
      }
      return removeCollaborator(ctx, params.username);
    },
    admin,
  );
  mount(
    router,
    repoRoutes.removeCollaboratorByBody,
    (ctx, { body }) => removeCollaborator(ctx, body.username),
    admin,
  );

  return router;
}
