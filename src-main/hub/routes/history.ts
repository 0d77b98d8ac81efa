/**
 * A repository's history, read from its store: commits (real commit times, newest first),
 * branches, a version's file tree, and file download that streams and honours `Range`.
 */
import Router from '@koa/router';
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { REPO_PATH } from '../../../src-shared/api/repos.js';
import { CommitsQuerySchema, FileQuerySchema } from '../../../src-shared/api/history.js';
import type { TreeEntry } from '../../../src-shared/api/commits.js';
import type { Store } from '../../store/index.js';
import { parseOr400 } from '../body.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { contentTypeFor, parseRange } from '../range.js';
import type { HubContext } from '../types.js';

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

export function historyRouter(h: HubContext): Router {
  const router = new Router();

  router.get(`${REPO_PATH}/branches`, loadRepo(h), (ctx) => {
    const store = openStore(h, ctx);
    const head = defaultBranch(store);
    ctx.body = store.listBranches().map((b) => ({ ...b, is_head: b.name === head }));
  });

  router.get(`${REPO_PATH}/commits`, loadRepo(h), async (ctx) => {
    const q = parseOr400(CommitsQuerySchema, ctx.query, 'query');
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
    ctx.body = commits;
  });

  router.get(`${REPO_PATH}/commits/:commit`, loadRepo(h), async (ctx) => {
    const store = openStore(h, ctx);
    ctx.body = await store.readCommit(await resolveRev(store, String(ctx.params.commit)));
  });

  router.get(`${REPO_PATH}/commits/:commit/tree`, loadRepo(h), async (ctx) => {
    const store = openStore(h, ctx);
    const id = await resolveRev(store, String(ctx.params.commit));
    const commit = await store.readCommit(id);
    const tree = await store.readTree(commit.tree_id);
    ctx.body = { commit_id: id, tree_id: commit.tree_id, entries: tree.entries };
  });

  router.get(`${REPO_PATH}/commits/:commit/file`, loadRepo(h), async (ctx) => {
    const { path } = parseOr400(FileQuerySchema, ctx.query, 'query');
    const store = openStore(h, ctx);
    const id = await resolveRev(store, String(ctx.params.commit));
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
  });

  return router;
}
