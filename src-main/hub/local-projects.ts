/**
 * Wires the watched-projects service into a hub: repositories and locks come from the hub, and
 * its events go out on the live stream to producers and admins only (they carry local paths).
 */
import type { LockService } from '../locks/index.js';
import type { ProjectWatcherOptions } from '../logic/watcher.js';
import { WatchedProjects } from './watched-projects.js';
import type { LocalProject } from '../../src-shared/api/metadata.js';
import { canRead } from './policy.js';
import type { AuthUser, HubContext, Role } from './types.js';

const AUDIENCE: Role[] = ['admin', 'producer'];

function boundRepo(p: Partial<LocalProject>): { namespace: string; name: string } | null {
  return p.repo?.on_this_hub ? { namespace: p.repo.namespace, name: p.repo.name } : null;
}

/**
 * A project as someone who may not read its repository sees it: as if the hub had no such
 * repository (a private one's name, existence and lock holder are not theirs to learn).
 */
export function hideRepo(p: LocalProject): LocalProject {
  if (!p.repo?.on_this_hub) return p;
  const repo = p.repo.via === 'remote' ? { ...p.repo, on_this_hub: false } : null;
  return { ...p, repo, lock: null };
}

/** The projects `user` may see in full; the others with their repository hidden. */
export function projectsFor(h: HubContext, user: AuthUser, list: LocalProject[]): LocalProject[] {
  return list.map((p) => {
    const bound = boundRepo(p);
    const repo = bound ? h.repos.get(bound.namespace, bound.name) : null;
    return bound && !(repo && canRead(user, repo)) ? hideRepo(p) : p;
  });
}

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
    service.on(type, (project: object) => {
      const bound = boundRepo(project as Partial<LocalProject>);
      if (!bound) {
        h.events.publish({ type, roles: AUDIENCE, data: { ...project } });
        return;
      }
      // Readers of the repository get it all; everyone else a copy that does not name it.
      h.events.publish({ type, roles: AUDIENCE, ...bound, data: { ...project } });
      h.events.publish({
        type,
        roles: AUDIENCE,
        unless: bound,
        data: { ...hideRepo(project as LocalProject) },
      });
    });
  }
  service.on('error', (err) => h.logger.warn({ err }, 'watched projects'));
  h.events.subscribe((e) => {
    if (!e.namespace || !e.name) return;
    if (e.type.startsWith('lock.')) void service.lockChanged(e.namespace, e.name);
    else if (e.type === 'repo.created' || e.type === 'repo.deleted') void service.refresh();
  });
  return service;
}
