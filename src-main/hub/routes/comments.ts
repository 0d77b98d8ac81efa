/** Comments on a version: `.../commits/:commit/comments` (list, add) and `.../:id` (delete). */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { commentRoutes } from '../../../src-shared/api/comments.js';
import { CommitIdPrefixSchema } from '../../../src-shared/api/commits.js';
import { currentUser } from '../auth.js';
import type { CommentService } from '../comments.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

/** The version from the URL, resolved to its full id: comments attach only to stored commits. */
async function resolveCommit(h: HubContext, ctx: Context, value: string): Promise<string> {
  if (!CommitIdPrefixSchema.safeParse(value).success) {
    throw new AuxinError('INVALID_ARGUMENT', 'not a commit id');
  }
  const store = h.repos.store(stateRepo(ctx));
  const id = await store.resolve(value);
  if (!id.startsWith(value)) throw new AuxinError('UNKNOWN_REVISION', `unknown commit '${value}'`);
  return id;
}

export function commentsRouter(h: HubContext, comments: CommentService): Router {
  const router = new Router();
  const read = [loadRepo(h)];

  mount(
    router,
    commentRoutes.list,
    async (ctx, { params }) => {
      const repo = stateRepo(ctx);
      return comments.list(repo.namespace, repo.name, await resolveCommit(h, ctx, params.commit));
    },
    read,
  );

  mount(
    router,
    commentRoutes.create,
    async (ctx, { params, body }) => {
      const repo = stateRepo(ctx);
      const commit = await resolveCommit(h, ctx, params.commit);
      const username = currentUser(ctx).username;
      const added = await comments.add(repo.namespace, repo.name, commit, username, body.body);
      ctx.status = 201;
      return added;
    },
    read,
  );

  mount(
    router,
    commentRoutes.remove,
    async (ctx, { params }) => {
      const repo = stateRepo(ctx);
      const commit = await resolveCommit(h, ctx, params.commit);
      const user = currentUser(ctx);
      await comments.delete(
        repo.namespace,
        repo.name,
        commit,
        params.id,
        user.username,
        (author) => author === user.username || user.role === 'admin',
      );
      ctx.status = 204;
    },
    read,
  );

  return router;
}
