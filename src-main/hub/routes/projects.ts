/** `GET /api/projects` and `GET /api/projects/{ns}/{name}`: the overview rows of the web UI. */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { projectRoutes, type Project } from '../../../src-shared/api/projects.js';
import type { LockService } from '../../locks/index.js';
import { currentUser } from '../auth.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { mount } from '../mount.js';
import { MetadataFiles } from '../metadata/files.js';
import { canRead } from '../policy.js';
import { repoWire } from '../repos.js';
import type { HubContext, RepoInfo } from '../types.js';

// Trees never change once stored: a tree's size, once summed, stays true.
const treeSizes = new Map<string, number>();
const MAX_CACHED = 10_000;

async function headOf(h: HubContext, repo: RepoInfo) {
  const store = h.repos.store(repo);
  const branch = store.head().branch ?? store.listBranches()[0]?.name ?? null;
  const id = branch ? store.readRef(branch) : null;
  if (!id) return { head: null, size: null };
  const commit = await store.readCommit(id);
  let size = treeSizes.get(commit.tree_id);
  if (size === undefined) {
    const tree = await store.readTree(commit.tree_id);
    size = tree.entries.reduce((sum, e) => sum + (e.kind === 'file' ? e.size : 0), 0);
    if (treeSizes.size >= MAX_CACHED) treeSizes.delete(treeSizes.keys().next().value!);
    treeSizes.set(commit.tree_id, size);
  }
  const { message, author, timestamp } = commit;
  return { head: { id, branch, message, author, timestamp }, size };
}

export async function projectRow(
  h: HubContext,
  locks: LockService,
  repo: RepoInfo,
): Promise<Project> {
  const [{ head, size }, metadata, lock] = await Promise.all([
    headOf(h, repo),
    new MetadataFiles(repo.path).readSummary().catch(() => null),
    locks.status({ namespace: repo.namespace, name: repo.name, path: repo.path }),
  ]);
  return { repo: repoWire(repo), head, size, metadata, lock };
}

export function projectsRouter(h: HubContext, locks: LockService): Router {
  const router = new Router();

  mount(router, projectRoutes.list, async (ctx) => {
    const user = currentUser(ctx);
    const rows: Project[] = [];
    for (const repo of h.repos.list().filter((r) => canRead(user, r))) {
      try {
        rows.push(await projectRow(h, locks, repo));
      } catch (e) {
        // Deleted while listed: it is simply not there any more.
        if (h.repos.get(repo.namespace, repo.name)) throw e;
      }
    }
    ctx.set('Cache-Control', 'no-store');
    return rows;
  });

  mount(
    router,
    projectRoutes.get,
    async (ctx) => {
      const repo = stateRepo(ctx);
      const row = await projectRow(h, locks, repo).catch((e: unknown) => {
        if (!h.repos.get(repo.namespace, repo.name)) {
          throw new AuxinError('NOT_FOUND', `no repository ${repo.namespace}/${repo.name}`);
        }
        throw e;
      });
      ctx.set('Cache-Control', 'no-store');
      return row;
    },
    [loadRepo(h)],
  );

  return router;
}
