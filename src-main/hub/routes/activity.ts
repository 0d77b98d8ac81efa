/** `GET /api/repos/:ns/:name/activity?limit=&before=`: the feed, newest first. */
import Router from '@koa/router';
import { activityRoutes } from '../../../src-shared/api/activity.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

export function activityRouter(h: HubContext): Router {
  const router = new Router();
  mount(
    router,
    activityRoutes.repo,
    (ctx, { query }) => {
      const repo = stateRepo(ctx);
      return h.activity.list(repo.namespace, repo.name, {
        limit: query.limit,
        before: query.before,
      });
    },
    [loadRepo(h)],
  );
  return router;
}
