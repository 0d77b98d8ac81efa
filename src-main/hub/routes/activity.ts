/**
 * `GET /api/repos/:ns/:name/activity` (one repository's feed) and `GET /api/activity` (every
 * repository the caller may read, merged): newest first, `?limit=&before=&kind=&actor=`.
 */
import Router from '@koa/router';
import { activityRoutes } from '../../../src-shared/api/activity.js';
import type { FileActivity } from '../activity.js';
import { currentUser } from '../auth.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { mount } from '../mount.js';
import { canRead } from '../policy.js';
import type { HubContext } from '../types.js';

export function activityRouter(h: HubContext, feeds: Pick<FileActivity, 'listMany'>): Router {
  const router = new Router();
  mount(
    router,
    activityRoutes.repo,
    (ctx, { query }) => {
      const repo = stateRepo(ctx);
      return h.activity.list(repo.namespace, repo.name, query);
    },
    [loadRepo(h)],
  );
  mount(router, activityRoutes.hub, (ctx, { query }) => {
    const user = currentUser(ctx);
    // Private repositories the caller is not a member of stay out, as on the live stream.
    return feeds.listMany(
      h.repos.list().filter((r) => canRead(user, r)),
      query,
    );
  });
  return router;
}
