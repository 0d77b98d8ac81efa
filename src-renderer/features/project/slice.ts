/**
 * The history slice: for each opened project, its branches, the version summaries loaded so far
 * (page by page, newest first), the chosen branch and the selected version. Opening a project
 * selects its newest version.
 */
import type { StateCreator } from 'zustand';
import type { BranchInfo } from '../../../src-shared/api/history.js';
import type { VersionSummary } from '../../../src-shared/api/versions.js';
import type { AppState } from '../../app/store.js';
import { toProblem, type Problem } from '../../lib/problem.js';
import * as history from '../../services/history.js';
import { projectId } from '../projects/rows.js';

export const PAGE_SIZE = 100;

export interface History {
  status: 'loading' | 'ready' | 'error';
  branch: string | null;
  branches: BranchInfo[];
  versions: VersionSummary[];
  nextOffset: number | null;
  loadingMore: boolean;
  error: Problem | null;
  selected: string | null;
}

export interface HistorySlice {
  history: Record<string, History>;
  /** Load the branches and the first page; `branch` null means the hub's default branch. */
  openHistory(ns: string, name: string, branch?: string | null): Promise<void>;
  loadMoreVersions(ns: string, name: string): Promise<void>;
  selectVersion(ns: string, name: string, id: string): void;
}

const EMPTY: History = {
  status: 'loading',
  branch: null,
  branches: [],
  versions: [],
  nextOffset: null,
  loadingMore: false,
  error: null,
  selected: null,
};

export const createHistorySlice: StateCreator<AppState, [], [], HistorySlice> = (set, get) => {
  const patch = (id: string, p: Partial<History>) =>
    set((s) => ({ history: { ...s.history, [id]: { ...(s.history[id] ?? EMPTY), ...p } } }));

  return {
    history: {},

    async openHistory(ns, name, branch) {
      const id = projectId(ns, name);
      const had = get().history[id];
      const wanted = branch === undefined ? (had?.branch ?? null) : branch;
      const switching = !had || had.branch !== wanted;
      if (switching) patch(id, { ...EMPTY, branch: wanted, branches: had?.branches ?? [] });
      try {
        const [branches, page] = await Promise.all([
          history.listBranches(ns, name),
          history.versionsPage(ns, name, {
            ...(wanted ? { branch: wanted } : {}),
            offset: 0,
            limit: PAGE_SIZE,
          }),
        ]);
        const cur = get().history[id];
        const keep =
          !switching && cur?.selected && page.versions.some((v) => v.id === cur.selected);
        patch(id, {
          status: 'ready',
          branch: wanted ?? branches.find((b) => b.is_head)?.name ?? null,
          branches,
          versions: page.versions,
          nextOffset: page.next_offset,
          error: null,
          selected: keep ? cur!.selected : (page.versions[0]?.id ?? null),
        });
      } catch (e) {
        const problem = toProblem(e);
        if (problem.code === 'UNAUTHORIZED') return get().sessionEnded();
        patch(id, { status: 'error', error: problem });
      }
    },

    async loadMoreVersions(ns, name) {
      const id = projectId(ns, name);
      const cur = get().history[id];
      if (!cur || cur.loadingMore || cur.nextOffset === null || cur.status !== 'ready') return;
      patch(id, { loadingMore: true });
      try {
        const page = await history.versionsPage(ns, name, {
          ...(cur.branch ? { branch: cur.branch } : {}),
          offset: cur.nextOffset,
          limit: PAGE_SIZE,
        });
        const now = get().history[id]!;
        // A branch switch while this page was on its way: the page belongs to the old branch.
        if (now.branch !== cur.branch) return;
        patch(id, {
          versions: [...now.versions, ...page.versions],
          nextOffset: page.next_offset,
          loadingMore: false,
        });
      } catch (e) {
        patch(id, { loadingMore: false, error: toProblem(e) });
      }
    },

    selectVersion(ns, name, versionId) {
      patch(projectId(ns, name), { selected: versionId });
    },
  };
};
