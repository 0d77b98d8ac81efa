/**
 * Every route of the hub, by resource. The hub mounts exactly these (a test checks both ways),
 * and `createApiClient` calls them.
 */
import { activityRoutes } from './activity.js';
import { commentRoutes } from './comments.js';
import { healthRoutes } from './health.js';
import { historyRoutes } from './history.js';
import { hubRoutes } from './hub.js';
import { lockRoutes } from './locks.js';
import { metadataRoutes } from './metadata.js';
import { projectRoutes } from './projects.js';
import { repoRoutes } from './repos.js';
import { sessionRoutes } from './session.js';
import type { RouteDef } from './route.js';
import { syncRoutes } from './sync.js';
import { authRoutes, userRoutes } from './users.js';
import { versionRoutes } from './versions.js';

export const api = {
  activity: activityRoutes,
  auth: authRoutes,
  comments: commentRoutes,
  health: healthRoutes,
  history: historyRoutes,
  hub: hubRoutes,
  locks: lockRoutes,
  metadata: metadataRoutes,
  projects: projectRoutes,
  repos: repoRoutes,
  session: sessionRoutes,
  sync: syncRoutes,
  users: userRoutes,
  versions: versionRoutes,
} as const;

/** `[name, route]` for every route, e.g. `['locks.acquire', {...}]`. */
export function allRoutes(): Array<[string, RouteDef]> {
  const out: Array<[string, RouteDef]> = [];
  for (const [resource, routes] of Object.entries(api)) {
    for (const [name, route] of Object.entries(routes)) out.push([`${resource}.${name}`, route]);
  }
  return out;
}
