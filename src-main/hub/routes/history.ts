/**
 * A repository's history, read from its store: commits (real commit times, newest first),
 * branches, a version's file tree, and file download that streams and honours `Range`.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { historyRoutes } from '../../../src-shared/api/history.js';
import type { Commit, TreeEntry } from '../../../src-shared/api/commits.js';
import type { Store } from '../../store/index.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { contentTypeFor, parseRange } from '../range.js';
import { mount } from '../mount.js';
import type { HubContext, RepoInfo } from '../types.js';

function openStore(h: HubContext, ctx: Context): Store {
  return h.repos.store(stateRepo(ctx));
}

/** A revision from the URL: a branch name or a (prefix of a) commit id. */
async function resolveRev(store: Store, rev: string): Promise<string> {
  if (rev.length > 256 || rev.includes('..') || /[~^]/.test(rev)) {
    throw new AuxinError('UNKNOWN_REVISION', `unknown revision '${rev.slice(0, 80)}'`);
  }
  return store.resolve(rev);
}

function defaultBranch(store: Store): string | null {
  const head = store.head();
  return head.branch ?? store.listBranches()[0]?.name ?? null;
}

/** Adds each version's metadata to a listing (the metadata service's `decorate`). */
export type DecorateCommits = (repo: RepoInfo, commits: Commit[]) => Promise<Commit[]>;

export function historyRouter(h: HubContext, decorate: DecorateCommits): Router {
  const router = new Router();
  const read = [loadRepo(h)];

  mount(
    router,
    historyRoutes.branches,
    (ctx) => {
      const store = openStore(h, ctx);
      const head = defaultBranch(store);
      return store.listBranches().map((b) => ({ ...b, is_head: b.name === head }));
    },
    read,
  );

  mount(
    router,
    historyRoutes.commits,
    async (ctx, { query: q }) => {
      const store = openStore(h, ctx);
      let start: string | null;
      if (q.branch !== undefined) start = await resolveRev(store, q.branch);
      else {
        const branch = defaultBranch(store);
        start = branch ? store.readRef(branch) : null;
      }
      const page = await store.log(start, q.offset + q.limit + 1);
      const commits = page.slice(q.offset, q.offset + q.limit);
      if (page.length > q.offset + q.limit) ctx.set('X-Next-Offset', String(q.offset + q.limit));
      return decorate(stateRepo(ctx), commits);
    },
    read,
  );

  mount(
    router,
    historyRoutes.commit,
    async (ctx, { params }) => {
      const store = openStore(h, ctx);
      const commit = await store.readCommit(await resolveRev(store, params.commit));
      return (await decorate(stateRepo(ctx), [commit]))[0];
    },
    read,
  );

  mount(
    router,
    historyRoutes.tree,
    async (ctx, { params }) => {
      const store = openStore(h, ctx);
      const id = await resolveRev(store, params.commit);
      const commit = await store.readCommit(id);
      const tree = await store.readTree(commit.tree_id);
      return { commit_id: id, tree_id: commit.tree_id, entries: tree.entries };
    },
    read,
  );

  mount(
    router,
    historyRoutes.file,
    async (ctx, { params, query }) => {
      const { path } = query;
      const store = openStore(h, ctx);
      const id = await resolveRev(store, params.commit);
      const tree = await store.readTree((await store.readCommit(id)).tree_id);
      // Looked up by exact path in the stored tree: nothing from the URL ever reaches the filesystem.
      const entry: TreeEntry | undefined = tree.entries.find((e) => e.path === path);
      if (!entry || entry.kind !== 'file') {
        throw new AuxinError('NOT_FOUND', `no file '${path}' in ${id.slice(0, 12)}`);
      }
      const range = parseRange(ctx.get('Range') || undefined, entry.size);
      const { type, inline } = contentTypeFor(entry.path);
      const filename = encodeURIComponent(entry.path.split('/').pop() ?? 'file');
      ctx.set('Accept-Ranges', 'bytes');
      if (entry.content_id) ctx.set('ETag', `"${entry.content_id}"`);
      ctx.set(
        'Content-Disposition',
        `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${filename}`,
      );
      if (range.kind === 'unsatisfiable') {
        ctx.set('Content-Range', `bytes */${entry.size}`);
        throw new AuxinError(
          'RANGE_NOT_SATISFIABLE',
          `range not satisfiable for ${entry.size} bytes`,
          {
            size: entry.size,
          },
        );
      }
      ctx.type = type;
      if (range.kind === 'partial') {
        ctx.status = 206;
        ctx.set('Content-Range', `bytes ${range.start}-${range.end}/${entry.size}`);
        ctx.length = range.end - range.start + 1;
        ctx.body = store.fileStream(entry, { start: range.start, end: range.end });
      } else {
        ctx.status = 200;
        ctx.length = entry.size;
        ctx.body = entry.size === 0 ? '' : store.fileStream(entry);
      }
      h.metrics.inc('file_downloads_total');
    },
    read,
  );

  return router;
}
