/** The projects overview rows, the watched local projects and a project's latest versions. */
import { historyRoutes } from '../../src-shared/api/history.js';
import { metadataRoutes, type LocalProject } from '../../src-shared/api/metadata.js';
import { projectRoutes, type Project } from '../../src-shared/api/projects.js';
import type { Commit } from '../../src-shared/api/commits.js';
import { api } from './client.js';

export function listProjects(): Promise<Project[]> {
  return api().call(projectRoutes.list);
}

export function getProject(ns: string, name: string): Promise<Project> {
  return api().call(projectRoutes.get, { params: { ns, name } });
}

export async function listLocalProjects(): Promise<LocalProject[]> {
  return (await api().call(metadataRoutes.localProjects)).projects;
}

export function latestVersions(ns: string, name: string, limit = 20): Promise<Commit[]> {
  return api().call(historyRoutes.commits, { params: { ns, name }, query: { limit } });
}
