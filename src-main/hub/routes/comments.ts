/** Comments on a version: `.../commits/:commit/comments` (list, add) and `.../:id` (delete). */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { CommitIdSchema, CreateCommentBodySchema } from '../../../src-shared/api/comments.js';
import { REPO_PATH } from '../../../src-shared/api/repos.js';
import { currentUser } from '../auth.js';
import { validate } from '../body.js';
import type { CommentService } from '../comments.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import type { HubContext } from '../types.js';

/** The version from the URL, resolved to its full id: comments attach only to stored commits. */
async function commitParam(h: HubContext, ctx: Context): Promise<string> {
  const value = (ctx.params as Record<string, string>).commit;
  if (!CommitIdSchema.safeParse(value).success) {
    throw new AuxinError('INVALID_ARGUMENT', 'not a commit id');
  }
  const store = h.repos.store(stateRepo(ctx));
  const id = await store.resolve(value!);
  if (!id.startsWith(value!)) throw new AuxinError('UNKNOWN_REVISION', `unknown commit '${value}'`);
  return id;
}

export function commentsRouter(h: HubContext, comments: CommentService): Router {
  const router = new Router();
  const base = `${REPO_PATH}/commits/:commit/comments`;

  router.get(base, loadRepo(h), async (ctx) => {
    const repo = stateRepo(ctx);
    ctx.body = await comments.list(repo.namespace, repo.name, await commitParam(h, ctx));
  });

  router.post(
    base,
    loadRepo(h),
    validate(CreateCommentBodySchema, { limit: 32 * 1024 }),
    async (ctx) => {
      const repo = stateRepo(ctx);
      const commit = await commitParam(h, ctx);
      const { body } = ctx.request.body as { body: string };
      ctx.status = 201;
      ctx.body = await comments.add(
        repo.namespace,
        repo.name,
        commit,
        currentUser(ctx).username,
        body,
      );
    },
  );

  router.delete(`${base}/:id`, loadRepo(h), async (ctx) => {
    const repo = stateRepo(ctx);
    const commit = await commitParam(h, ctx);
    const id = (ctx.params as Record<string, string>).id ?? '';
    const user = currentUser(ctx);
    await comments.delete(
      repo.namespace,
      repo.name,
      commit,
      id,
      user.username,
      (author) => author === user.username || user.role === 'admin',
    );
    ctx.status = 204;
  });

  return router;
}
