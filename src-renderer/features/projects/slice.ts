/**
 * The projects slice: every hub project by id, the watched local ones, the view's filters, and
 * each opened project's latest versions. A live event refetches only the row it names.
 */
import type { StateCreator } from 'zustand';
import type { Commit } from '../../../src-shared/api/commits.js';
import type { LocalProject } from '../../../src-shared/api/metadata.js';
import type { Project } from '../../../src-shared/api/projects.js';
import { toProblem, type Problem } from '../../lib/problem.js';
import * as projects from '../../services/projects.js';
import type { AppState } from '../../app/store.js';
import { NO_FILTERS, projectId, type Filters } from './rows.js';

export interface Versions {
  status: 'loading' | 'ready' | 'error';
  commits: Commit[];
  error: Problem | null;
}

export interface ProjectsSlice {
  projects: Record<string, Project>;
  local: LocalProject[];
  projectsStatus: 'idle' | 'loading' | 'ready' | 'error';
  projectsError: Problem | null;
  filters: Filters;
  versions: Record<string, Versions>;
  loadProjects(): Promise<void>;
  refreshProject(ns: string, name: string): Promise<void>;
  refreshLocal(): Promise<void>;
  /** Put a row's lock as an action's answer says, before the event confirms it. */
  patchLock(ns: string, name: string, lock: Project['lock']): void;
  setFilters(patch: Partial<Filters>): void;
  loadVersions(ns: string, name: string): Promise<void>;
  resetProjects(): void;
}

export const createProjectsSlice: StateCreator<AppState, [], [], ProjectsSlice> = (set, get) => ({
  projects: {},
  local: [],
  projectsStatus: 'idle',
  projectsError: null,
  filters: NO_FILTERS,
  versions: {},

  async loadProjects() {
    if (get().projectsStatus === 'idle' || get().projectsStatus === 'error') {
      set({ projectsStatus: 'loading', projectsError: null });
    }
    try {
      const [list, local] = await Promise.all([
        projects.listProjects(),
        // Only producers and admins see the hub machine's own folders; others see none.
        projects.listLocalProjects().catch(() => [] as LocalProject[]),
      ]);
      const byId: Record<string, Project> = {};
      for (const p of list) byId[projectId(p.repo.namespace, p.repo.name)] = p;
      set({ projects: byId, local, projectsStatus: 'ready', projectsError: null });
    } catch (e) {
      const problem = toProblem(e);
      if (problem.code === 'UNAUTHORIZED') return get().sessionEnded();
      set({ projectsStatus: 'error', projectsError: problem });
    }
  },

  async refreshProject(ns, name) {
    const id = projectId(ns, name);
    try {
      const row = await projects.getProject(ns, name);
      set((s) => ({ projects: { ...s.projects, [id]: row } }));
    } catch (e) {
      const code = toProblem(e).code;
      if (code === 'NOT_FOUND' || code === 'FORBIDDEN') {
        set((s) => {
          const next = { ...s.projects };
          delete next[id];
          return { projects: next };
        });
      } else if (code === 'UNAUTHORIZED') get().sessionEnded();
    }
    if (get().versions[id]) await get().loadVersions(ns, name);
  },

  async refreshLocal() {
    const local = await projects.listLocalProjects().catch(() => null);
    if (local) set({ local });
  },

  patchLock(ns, name, lock) {
    const id = projectId(ns, name);
    set((s) => {
      const row = s.projects[id];
      return row ? { projects: { ...s.projects, [id]: { ...row, lock } } } : {};
    });
  },

  setFilters(patch) {
    set((s) => ({ filters: { ...s.filters, ...patch } }));
  },

  async loadVersions(ns, name) {
    const id = projectId(ns, name);
    const had = get().versions[id];
    if (!had)
      set((s) => ({
        versions: { ...s.versions, [id]: { status: 'loading', commits: [], error: null } },
      }));
    try {
      const commits = await projects.latestVersions(ns, name);
      set((s) => ({
        versions: { ...s.versions, [id]: { status: 'ready', commits, error: null } },
      }));
    } catch (e) {
      set((s) => ({
        versions: {
          ...s.versions,
          [id]: { status: 'error', commits: had?.commits ?? [], error: toProblem(e) },
        },
      }));
    }
  },

  resetProjects() {
    set({ projects: {}, local: [], projectsStatus: 'idle', projectsError: null, versions: {} });
  },
});
