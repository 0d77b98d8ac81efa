/**
 * Fetch: bring a hub branch's missing commits, trees and chunks into the local store, verified,
 * without moving any local branch. Trees wait in a staging folder (never in memory) until their
 * chunks are in, since the store refuses a tree whose chunks it lacks.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { SyncLimits, syncRoutes } from '../../src-shared/api/sync.js';
import { batches, pool, treeChunks } from '../sync/graph.js';
import { sizedUnits } from '../core/units.js';
import { IncomingChunks } from '../sync/pipeline.js';
import { decodePack, type PackKind, type PackRecord } from '../sync/pack.js';
import type { SyncStore, SyncTree } from '../sync/store-port.js';
import { noProgress, type SyncProgress, type SyncSession } from './session.js';
import { hubError, readAll } from './transport.js';

export interface FetchResult {
  /** The hub's commit for the branch, or null when the hub has no such branch. */
  head: string | null;
  commits: number;
  chunks: number;
  chunk_bytes: number;
}

/** Ask the hub for `ids` and hand each verified record to `onRecord`, in order. */
function fetchPack(
  s: SyncSession,
  kind: PackKind,
  ids: string[],
  onRecord: (r: PackRecord) => Promise<void>,
): Promise<void> {
  // Chunks as the hub stores them, and taken from the network buffers they arrive in: a raw
  // chunk is hashed and copied once, into the local pack, never probed or compressed again.
  const stored = kind === 'chunk' && s.features.has('fetch-stored');
  const body = Buffer.from(JSON.stringify(stored ? { ids, kind, stored } : { ids, kind }));
  return s.transport.exchange(
    'POST',
    s.transport.path(syncRoutes.fetch, { params: s.params }),
    { type: 'application/json', data: body },
    async (status, chunks) => {
      if (status !== 200) throw hubError(status, await readAll(chunks));
      const wanted = new Set(ids);
      for await (const r of decodePack(chunks, {
        maxRecord: Math.max(SyncLimits.maxChunkBytes, SyncLimits.maxObjectBytes),
        maxTotal: Number.MAX_SAFE_INTEGER,
        kinds: [kind],
        reuse: true, // every consumer below is done with a record's bytes when it returns
        pieces: stored,
      })) {
        if (!wanted.has(r.id))
          throw new AuxinError('MALFORMED_PACK', `the hub sent ${r.id}, which was not asked for`);
        await onRecord(r);
      }
    },
  );
}

export async function fetchBranch(
  store: SyncStore,
  s: SyncSession,
  branch: string,
  progress: SyncProgress = noProgress,
  opts: {
    /** Called with the head's tree (unchecked bytes) before any chunk is downloaded. */
    beforeChunks?: (treeId: string, bytes: Buffer) => Promise<void>;
    /** Called with chunks durable in the local store: those it had, then each unit's. */
    onChunks?: (ids: string[]) => void;
  } = {},
): Promise<FetchResult> {
  const t = s.transport;
  const refs = await s.refs('pull');
  if (!refs)
    throw new AuxinError(
      'NOT_FOUND',
      `no repository ${s.target.namespace}/${s.target.name} on the hub`,
    );
  const head = refs.get(branch) ?? null;
  const result: FetchResult = { head, commits: 0, chunks: 0, chunk_bytes: 0 };
  if (!head || (await store.hasCommit(head))) return result;

  const have: string[] = [];
  for (const b of await store.listBranches()) have.push(b.commit_id);
  const history = await t.call(syncRoutes.history, {
    params: s.params,
    body: { want: head, have },
  });
  const commits: string[] = [];
  for (const c of history.commits) if (!(await store.hasCommit(c.id))) commits.push(c.id);
  result.commits = commits.length;
  const treeIds = [
    ...new Set(history.commits.filter((c) => commits.includes(c.id)).map((c) => c.tree_id)),
  ];

  const staging = await mkdtemp(join(tmpdir(), 'auxin-fetch-'));
  try {
    const sizes = new Map<string, number>();
    for (const unit of batches(treeIds, 16)) {
      const pending = new Set(unit);
      await t.retrying('download trees', () =>
        fetchPack(s, 'tree', [...pending], async (r) => {
          await writeFile(join(staging, r.id), r.bytes);
          treeChunks(JSON.parse(r.bytes.toString('utf8')) as SyncTree, sizes);
          pending.delete(r.id);
        }),
      );
    }

    const headTree = history.commits.find((c) => c.id === head)?.tree_id;
    if (opts.beforeChunks && headTree) {
      const bytes = treeIds.includes(headTree)
        ? await readFile(join(staging, headTree))
        : await store.readObjectBytes('tree', headTree);
      await opts.beforeChunks(headTree, bytes);
    }

    const missing: string[] = [];
    for (const b of batches([...sizes.keys()], SyncLimits.maxIdsPerQuery)) {
      missing.push(...(await store.missingChunks(b)));
    }
    if (opts.onChunks) {
      const lacking = new Set(missing);
      opts.onChunks([...sizes.keys()].filter((id) => !lacking.has(id)));
    }
    const sizeOf = (id: string) => sizes.get(id) ?? 0;
    result.chunks = missing.length;
    result.chunk_bytes = missing.reduce((n, id) => n + sizeOf(id), 0);
    progress.addTotal(result.chunk_bytes);
    const units = sizedUnits(missing, sizeOf, SyncLimits.packBytes, SyncLimits.maxIdsPerQuery);
    // Not needed once the units are cut: a map of every chunk of the project (~1 MiB of heap
    // for 4 GiB) that would otherwise stay until the checkout parses the tree again.
    sizes.clear();
    await pool(units, SyncLimits.parallel, async (unit) => {
      let retry = false;
      await t.retrying('download', async () => {
        // After a cut, ask only for what has not arrived yet. Not before the first try: the
        // unit was cut from what the store lacked, and each question lists the store's packs
        // again (0.55 of 22 CPU s of a 4 GiB clone, one per 8 MiB unit).
        const ids = retry ? await store.missingChunks(unit) : unit;
        retry = true;
        if (!ids.length) return;
        const chunks = new IncomingChunks(store);
        try {
          await fetchPack(s, 'chunk', ids, async (r) => {
            // add() verifies the BLAKE3 of the bytes against the id.
            // A type 1 record of a stored fetch is a chunk the hub keeps raw: kept raw here too.
            await chunks.add(r.id, r.parts ?? r.bytes, r.parts ? 'raw' : r.deflated);
            progress.tick(r.size ?? r.bytes.length);
          });
          await chunks.seal();
          opts.onChunks?.(ids);
        } catch (e) {
          // Keep what arrived verified: the retry asks only for the rest.
          await chunks.keep();
          throw e;
        }
      });
    });

    for (const id of treeIds)
      await store.putObjectBytes('tree', id, await readFile(join(staging, id)));
    // Commits come back in the order asked (parents first), so each one's parents are in.
    for (const unit of batches(commits, 256)) {
      const pending = [...unit];
      await t.retrying('download commits', () =>
        fetchPack(s, 'commit', pending, async (r) => {
          await store.putObjectBytes('commit', r.id, r.bytes);
          pending.shift();
        }),
      );
    }
    await store.sync();
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return result;
}
