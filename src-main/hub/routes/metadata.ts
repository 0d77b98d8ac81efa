/**
 * Metadata routes: `GET|POST .../metadata/{commit}` (compatible with the earlier client),
 * `GET .../metadata/diff?from=&to=`, and two decorations of other resources' listings, mounted
 * before them: repositories filtered by tempo, key and text, and commit listings carrying each
 * version's metadata under `version_metadata`.
 */
import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import {
  ClientMetadataBodySchema,
  CommitIdParamSchema,
  METADATA_DIFF_PATH,
  METADATA_PATH,
  MetadataDiffQuerySchema,
  RepoFilterQuerySchema,
  type VersionMetadata,
} from '../../../src-shared/api/metadata.js';
import { REPO_PATH } from '../../../src-shared/api/repos.js';
import type { Commit } from '../../../src-shared/api/commits.js';
import { diffMetadata } from '../../logic/diff.js';
import type { Store } from '../../store/index.js';
import { currentUser } from '../auth.js';
import { parseOr400, readJson } from '../body.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { MetadataFiles } from '../metadata/files.js';
import { isFiltering, repoFilter } from '../metadata/filter.js';
import { listingView } from '../metadata/merge.js';
import type { MetadataService } from '../metadata/service.js';
import { canRead } from '../policy.js';
import { repoWire } from '../repos.js';
import type { HubContext } from '../types.js';

function commitParam(ctx: Context): string {
  const raw = (ctx.params as Record<string, string>).commit;
  const parsed = CommitIdParamSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AuxinError(
      'INVALID_COMMIT_ID',
      `'${String(raw).slice(0, 80)}' is not a commit id (6 to 64 hexadecimal characters)`,
    );
  }
  return parsed.data;
}

/** A revision for the diff: a branch name or a commit id (prefix), as the history routes take. */
async function resolveRev(store: Store, rev: string): Promise<string> {
  if (rev.includes('..') || rev.includes('~')) {
    throw new AuxinError('UNKNOWN_REVISION', `unknown revision '${rev.slice(0, 80)}'`);
  }
  return store.resolve(rev);
}

/** The reading a diff compares: the full one when known, else the merged top-level values. */
function comparable(v: VersionMetadata) {
  if (v.logic) return v.logic;
  const { bpm, sample_rate, key_signature, time_signature, track_count } = v;
  return { bpm, sample_rate, key_signature, time_signature, track_count };
}

export function metadataRouter(h: HubContext, meta: MetadataService): Router {
  const router = new Router();

  router.get('/api/repos', async (ctx: Context, next: Next) => {
    const q = parseOr400(RepoFilterQuerySchema, ctx.query, 'query');
    if (!isFiltering(q) && !q.metadata) return next();
    let keep: ReturnType<typeof repoFilter>;
    try {
      keep = repoFilter(q);
    } catch (e) {
      throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
    }
    const user = currentUser(ctx);
    const out = [];
    for (const repo of h.repos.list().filter((r) => canRead(user, r))) {
      const metadata = await new MetadataFiles(repo.path).readSummary().catch(() => null);
      const row = { ...repoWire(repo), metadata };
      if (keep(row)) out.push(row);
    }
    ctx.body = out;
  });

  // Registered before `/metadata/:commit`, which would otherwise refuse "diff" as a commit id.
  router.get(METADATA_DIFF_PATH, loadRepo(h), async (ctx) => {
    const q = parseOr400(MetadataDiffQuerySchema, ctx.query, 'query');
    const repo = stateRepo(ctx);
    const store = h.repos.store(repo);
    const from = await resolveRev(store, q.from);
    const to = await resolveRev(store, q.to);
    const [a, b] = [await meta.view(repo, from), await meta.view(repo, to)];
    const diff = diffMetadata(comparable(a), comparable(b));
    ctx.body = { from, to, changes: diff.changes, text: diff.text };
  });

  router.get(METADATA_PATH, loadRepo(h), async (ctx) => {
    ctx.body = await meta.view(stateRepo(ctx), commitParam(ctx));
  });

  router.post(METADATA_PATH, loadRepo(h, 'write'), async (ctx) => {
    const id = commitParam(ctx);
    const body = parseOr400(ClientMetadataBodySchema, await readJson(ctx, 64 * 1024), 'body');
    const repo = stateRepo(ctx);
    const r = await meta.post(repo, id, body, currentUser(ctx));
    // 202 while the version itself has not arrived: kept, attached when it does.
    ctx.status = r.attached ? 200 : 202;
    ctx.body = { ...(await meta.view(repo, r.commit_id)), attached: r.attached };
  });

  // Decorates the history routes' answers (mounted before them): each version's metadata.
  const decorate = async (ctx: Context, next: Next) => {
    await next();
    if (ctx.status !== 200 || !ctx.body || typeof ctx.body !== 'object') return;
    const repo = ctx.state.repo as Parameters<MetadataService['listing']>[0] | undefined;
    if (!repo) return;
    const list = Array.isArray(ctx.body) ? (ctx.body as Commit[]) : [ctx.body as Commit];
    const views = await meta.listing(repo, list);
    const withMeta = list.map((c) => {
      const v = views.get(c.id);
      return v ? { ...c, version_metadata: listingView(v) } : c;
    });
    ctx.body = Array.isArray(ctx.body) ? withMeta : withMeta[0];
  };
  router.get(`${REPO_PATH}/commits`, decorate);
  router.get(`${REPO_PATH}/commits/:commit`, decorate);

  return router;
}
