/** INTERIM route data, until the shared route table (src-shared/api/) lands on main. */
import type { Commit } from '../../src-shared/api/commits.js';
import type { Lock, NotifyResponse, ReleaseResponse } from '../../src-shared/api/locks.js';
import type { LocalProject } from '../../src-shared/api/metadata.js';
import type { Project } from '../../src-shared/api/projects.js';
import type { User } from '../../src-shared/api/users.js';
import type { Route } from './interim-client.js';

const r = <R>(method: Route['method'], path: string): Route<R> => ({ method, path });
const lock = (action: string) => `/api/repos/:ns/:name/locks/${action}`;

export const sessionRoutes = {
  current: r<{ user: User | null }>('GET', '/api/auth/session'),
  create: r<{ user: User }>('POST', '/api/auth/session'),
  remove: r<void>('DELETE', '/api/auth/session'),
};
export const projectRoutes = {
  list: r<Project[]>('GET', '/api/projects'),
  get: r<Project>('GET', '/api/projects/:ns/:name'),
};
export const localRoutes = {
  projects: r<{ projects: LocalProject[] }>('GET', '/api/local/projects'),
};
export const historyRoutes = { commits: r<Commit[]>('GET', '/api/repos/:ns/:name/commits') };
export const lockRoutes = {
  acquire: r<Lock>('POST', lock('acquire')),
  heartbeat: r<Lock>('POST', lock('heartbeat')),
  release: r<ReleaseResponse>('POST', lock('release')),
  forceRelease: r<ReleaseResponse>('POST', lock('force-release')),
  notify: r<NotifyResponse>('POST', lock('notify')),
};
