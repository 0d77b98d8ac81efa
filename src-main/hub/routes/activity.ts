/** `GET /api/repos/:ns/:name/activity?limit=&before=`: the feed, newest first. */
import Router from '@koa/router';
import { PageQuerySchema, type PageQuery } from '../../../src-shared/api/common.js';
import { REPO_PATH } from '../../../src-shared/api/repos.js';
import { validateQuery } from '../body.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import type { HubContext } from '../types.js';

export function activityRouter(h: HubContext): Router {
  const router = new Router();
  router.get(`${REPO_PATH}/activity`, loadRepo(h), validateQuery(PageQuerySchema), async (ctx) => {
    const repo = stateRepo(ctx);
    const q = ctx.state.query as PageQuery;
    ctx.body = await h.activity.list(repo.namespace, repo.name, {
      limit: q.limit,
      before: q.before,
    });
  });
  return router;
}
