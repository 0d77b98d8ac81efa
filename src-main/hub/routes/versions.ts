/**
 * The project page's history: the paged timeline of version summaries, the comparison of two
 * versions and a waveform's peaks (computed once per file content and kept in memory).
 */
import Router from '@koa/router';
import type { Readable } from 'node:stream';
import { AuxinError } from '../../../src-shared/errors.js';
import type { VersionMetadata } from '../../../src-shared/api/metadata.js';
import { versionRoutes, type PeaksResponse } from '../../../src-shared/api/versions.js';
import { diffMetadata } from '../../logic/diff.js';
import type { Store } from '../../store/index.js';
import type { CommentService } from '../comments.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import type { MetadataService } from '../metadata/service.js';
import { defaultBranch } from '../metadata/service.js';
import { mount } from '../mount.js';
import { computePeaks, noPeaks, parseHeader } from '../peaks.js';
import type { HubContext } from '../types.js';
import { compareTrees, VersionSummaries } from '../versions.js';

const HEADER_BYTES = 1024 * 1024;
const MAX_PEAKS_CACHED = 256;

async function resolveRev(store: Store, rev: string): Promise<string> {
  if (rev.length > 256 || rev.includes('..') || /[~^]/.test(rev)) {
    throw new AuxinError('UNKNOWN_REVISION', `unknown revision '${rev.slice(0, 80)}'`);
  }
  return store.resolve(rev);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream as AsyncIterable<Buffer>) parts.push(c);
  return Buffer.concat(parts);
}

const comparable = (v: VersionMetadata) => v.logic ?? v;

export function versionsRouter(
  h: HubContext,
  meta: MetadataService,
  comments: CommentService,
): Router {
  const router = new Router();
  const read = [loadRepo(h)];
  const summaries = new VersionSummaries();
  const peaksCache = new Map<string, PeaksResponse>();

  mount(
    router,
    versionRoutes.list,
    async (ctx, { query: q }) => {
      const repo = stateRepo(ctx);
      const store = h.repos.store(repo);
      let head: string | null;
      if (q.branch !== undefined) head = await resolveRev(store, q.branch);
      else {
        const branch = defaultBranch(store);
        head = branch ? store.readRef(branch) : null;
      }
      const page = await summaries.logPage(repo, store, head, q.offset, q.limit);
      const counts = await comments.counts(repo.namespace, repo.name);
      return {
        head,
        versions: await summaries.summarize(repo, store, page.commits, counts),
        next_offset: page.more ? q.offset + q.limit : null,
      };
    },
    read,
  );

  mount(
    router,
    versionRoutes.compare,
    async (ctx, { query: q }) => {
      const repo = stateRepo(ctx);
      const store = h.repos.store(repo);
      const from = await resolveRev(store, q.from);
      const to = await resolveRev(store, q.to);
      const [a, b] = [await store.readCommit(from), await store.readCommit(to)];
      const files = compareTrees(await store.readTree(a.tree_id), await store.readTree(b.tree_id));
      const [ma, mb] = [await meta.view(repo, from), await meta.view(repo, to)];
      return { from, to, ...files, changes: diffMetadata(comparable(ma), comparable(mb)).changes };
    },
    read,
  );

  mount(
    router,
    versionRoutes.peaks,
    async (ctx, { params, query }) => {
      const store = h.repos.store(stateRepo(ctx));
      const id = await resolveRev(store, params.commit);
      const tree = await store.readTree((await store.readCommit(id)).tree_id);
      const entry = tree.entries.find((e) => e.path === query.path);
      if (!entry || entry.kind !== 'file') {
        throw new AuxinError('NOT_FOUND', `no file '${query.path}' in ${id.slice(0, 12)}`);
      }
      const key = `${entry.content_id ?? `${id}\0${entry.path}`}\0${query.buckets}`;
      const hit = peaksCache.get(key);
      if (hit) return { ...hit, path: entry.path };
      if (entry.size === 0) return noPeaks(entry.path, 'the file is empty');
      const head = await readAll(
        store.fileStream(entry, { start: 0, end: Math.min(entry.size, HEADER_BYTES) - 1 }),
      );
      const layout = parseHeader(head, entry.size);
      let answer: PeaksResponse;
      if (typeof layout === 'string') answer = noPeaks(entry.path, layout);
      else {
        const data = store.fileStream(entry, {
          start: layout.dataOffset,
          end: layout.dataOffset + layout.dataLength - 1,
        });
        const peaks = await computePeaks(layout, data, query.buckets);
        const frames = layout.dataLength / (layout.bytes * layout.channels);
        answer = {
          path: entry.path,
          format: layout.format,
          channels: layout.channels,
          sample_rate: layout.sampleRate,
          duration_seconds: layout.sampleRate ? frames / layout.sampleRate : 0,
          peaks,
        };
      }
      if (peaksCache.size >= MAX_PEAKS_CACHED) peaksCache.delete(peaksCache.keys().next().value!);
      peaksCache.set(key, answer);
      return answer;
    },
    read,
  );

  return router;
}
