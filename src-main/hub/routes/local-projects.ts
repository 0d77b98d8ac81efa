/** `GET /api/local/projects`: the Logic projects in the folders this hub watches on its machine. */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { metadataRoutes } from '../../../src-shared/api/metadata.js';
import type { WatchedProjects } from '../watched-projects.js';
import { currentUser } from '../auth.js';
import { projectsFor } from '../local-projects.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

export function localProjectsRouter(h: HubContext, service: WatchedProjects | null): Router {
  const router = new Router();
  mount(router, metadataRoutes.localProjects, async (ctx) => {
    const user = currentUser(ctx);
    // Local paths of the hub's machine are for the people who work on it, not for listeners.
    if (user.role !== 'admin' && user.role !== 'producer') {
      throw new AuxinError('FORBIDDEN', `${user.username} may not see this machine's projects`);
    }
    if (!service) {
      return { watching: [], ready: true, projects: [] };
    }
    // Remotes are added and repositories created outside the watcher's view: re-check them.
    await service.refresh();
    const projects = projectsFor(h, user, service.list());
    return { watching: service.roots, ready: service.isReady, projects };
  });
  return router;
}
