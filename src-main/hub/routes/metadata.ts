/**
 * Metadata routes: `GET|POST .../metadata/{commit}` (compatible with the earlier client) and
 * `GET .../metadata/diff?from=&to=`. Repository listings filtered by metadata are in repos.ts,
 * commit listings carrying each version's metadata in history.ts (`MetadataService.decorate`).
 */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { CommitIdParamSchema } from '../../../src-shared/api/commits.js';
import { metadataRoutes, type VersionMetadata } from '../../../src-shared/api/metadata.js';
import { diffMetadata } from '../../logic/diff.js';
import type { Store } from '../../store/index.js';
import { currentUser } from '../auth.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import type { MetadataService } from '../metadata/service.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

function commitParam(raw: string): string {
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

  // Mounted before `get`, which would otherwise refuse "diff" as a commit id.
  mount(
    router,
    metadataRoutes.diff,
    async (ctx, { query: q }) => {
      const repo = stateRepo(ctx);
      const store = h.repos.store(repo);
      const from = await resolveRev(store, q.from);
      const to = await resolveRev(store, q.to);
      const [a, b] = [await meta.view(repo, from), await meta.view(repo, to)];
      const diff = diffMetadata(comparable(a), comparable(b));
      return { from, to, changes: diff.changes, text: diff.text };
    },
    [loadRepo(h)],
  );

  mount(
    router,
    metadataRoutes.get,
    (ctx, { params }) => meta.view(stateRepo(ctx), commitParam(params.commit)),
    [loadRepo(h)],
  );

  mount(
    router,
    metadataRoutes.post,
    async (ctx, { params, body }) => {
      const repo = stateRepo(ctx);
      const r = await meta.post(repo, commitParam(params.commit), body, currentUser(ctx));
      // 202 while the version itself has not arrived: kept, attached when it does.
      ctx.status = r.attached ? 200 : 202;
      return { ...(await meta.view(repo, r.commit_id)), attached: r.attached };
    },
    [loadRepo(h, 'write')],
  );

  return router;
}
