/** The projects overview rows, the watched local projects and a project's latest versions. */
import { historyRoutes, localRoutes, projectRoutes } from './routes.js';
import type { Project } from '../../src-shared/api/projects.js';
import type { Commit } from '../../src-shared/api/commits.js';
import type { LocalProject } from '../../src-shared/api/metadata.js';
import { api } from './client.js';

export function listProjects(): Promise<Project[]> {
  return api().call(projectRoutes.list, {});
}

export function getProject(ns: string, name: string): Promise<Project> {
  return api().call(projectRoutes.get, { params: { ns, name } });
}

export async function listLocalProjects(): Promise<LocalProject[]> {
  return (await api().call(localRoutes.projects, {})).projects;
}

export function latestVersions(ns: string, name: string, limit = 20): Promise<Commit[]> {
  return api().call(historyRoutes.commits, { params: { ns, name }, query: { limit } });
}
