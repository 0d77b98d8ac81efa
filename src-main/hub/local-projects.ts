/**
 * Wires the watched-projects service into a hub: repositories and locks come from the hub, and
 * its events go out on the live stream to producers and admins only (they carry local paths).
 */
import type { LockService } from '../locks/index.js';
import type { ProjectWatcherOptions } from '../logic/watcher.js';
import { WatchedProjects } from '../logic/watched-projects.js';
import type { HubContext, Role } from './types.js';

const AUDIENCE: Role[] = ['admin', 'producer'];

export function createLocalProjects(
  h: HubContext,
  locks: LockService,
  roots: string[],
  opts: ProjectWatcherOptions = {},
): WatchedProjects {
  const service = new WatchedProjects(
    roots,
    {
      exists: (ns, name) => h.repos.get(ns, name) !== null,
      names: () => h.repos.list().map((r) => ({ namespace: r.namespace, name: r.name })),
    },
    async (ns, name) => {
      const repo = h.repos.get(ns, name);
      if (!repo) return null;
      const lock = await locks.status({ namespace: ns, name, path: repo.path });
      return lock
        ? {
            username: lock.username,
            user: lock.user,
            machine_id: lock.machine_id,
            expires_at: lock.expires_at,
          }
        : null;
    },
    opts,
  );
  for (const type of ['project.added', 'project.updated', 'project.removed'] as const) {
    service.on(type, (project: object) =>
      h.events.publish({ type, roles: AUDIENCE, data: { ...project } }),
    );
  }
  service.on('error', (err) => h.logger.warn({ err }, 'watched projects'));
  h.events.subscribe((e) => {
    if (!e.namespace || !e.name) return;
    if (e.type.startsWith('lock.')) void service.lockChanged(e.namespace, e.name);
    else if (e.type === 'repo.created' || e.type === 'repo.deleted') void service.refresh();
  });
  return service;
}
