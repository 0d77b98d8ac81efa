/**
 * Push: find what the hub lacks, send the missing chunks in packs of about 8 MiB with a few in
 * flight, then trees and commits (parents first), then move the branch by compare-and-swap.
 */
import { pipeline, Readable } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gzip } from 'node:zlib';
import { AuxinError } from '../../src-shared/errors.js';
import { repoRoutes } from '../../src-shared/api/repos.js';
import { SyncLimits, syncRoutes } from '../../src-shared/api/sync.js';
import { batches, isAncestor, missingHistory, pool, treeChunks } from '../sync/graph.js';
import { chunkRecord, encodePack, PACK_CONTENT_TYPE, type PackRecord } from '../sync/pack.js';
import type { SyncStore } from '../sync/store-port.js';
import { treeRecord } from '../sync/treedelta.js';
import { chunkDelta, deltaBases } from '../sync/chunkdelta.js';
import { decodeStoredChunk, DEFLATE, RAW } from '../store/chunkcodec.js';
import { BufferPool } from '../core/bufferpool.js';
import { sizedUnits } from '../core/units.js';
import { UNIT_BUFFER_BYTES } from '../sync/pipeline.js';
import { noProgress, type SyncProgress, SyncSession, type TransferStats } from './session.js';
import { readAll, hubError } from './transport.js';
import { machineId } from './locks.js';

const EMPTY = Buffer.alloc(0);
const gzipAsync = promisify(gzip);

const decodeStored = (id: string, stored: Buffer) =>
  decodeStoredChunk(id, stored, ' in the local store');

/**
 * Chunks go as stored, unchecked on this side, so a hub refusing one as not matching its id (or
 * as undecodable) most likely met a chunk damaged in the local store: say so, and which, rather
 * than pass on the hub's words about a malformed pack.
 */
async function blameLocalDamage(store: SyncStore, ids: string[], e: unknown): Promise<unknown> {
  const code = e instanceof AuxinError ? e.code : null;
  if (code !== 'HASH_MISMATCH' && code !== 'MALFORMED_PACK') return e;
  for (const id of ids) {
    const problem = await store.verifyChunk(id);
    if (problem) {
      return new AuxinError(
        'CORRUPT_OBJECT',
        `chunk ${id} in your local store is damaged (${problem}); the branch was not moved. Run auxin fsck`,
        { id },
      );
    }
  }
  return e;
}

export interface PushOptions {
  branch: string;
  force?: boolean;
  progress?: SyncProgress;
  /** This machine, as its locks name it (default: `machineId()`). */
  machineId?: string;
  /** The lock this work was made under (held-lock.ts), sent so the hub can fence a broken one. */
  lockId?: string;
  /** The hub's branch to move, when not the local one's name (`auxin push --as-branch NAME`). */
  asBranch?: string;
}

export interface PushResult extends TransferStats {
  branch: string;
  old: string | null;
  new: string;
  up_to_date: boolean;
  created_repo: boolean;
  /** Where the time went: finding what to send, chunks, trees and commits, the branch move. */
  phases: { negotiate: number; chunks: number; objects: number; ref: number };
}

async function askMissing(
  s: SyncSession,
  what: 'chunks' | 'commits',
  ids: string[],
  /** Asked from inside an upload's retry: its failures count in that retry's window. */
  nested = false,
): Promise<string[]> {
  const out: string[] = [];
  for (const batch of batches(ids, SyncLimits.maxIdsPerQuery)) {
    const route = what === 'chunks' ? syncRoutes.chunksMissing : syncRoutes.commitsMissing;
    const r = await s.transport.call(route, { params: s.params, body: { ids: batch } }, { nested });
    out.push(...r.missing);
  }
  return out;
}

/**
 * Send one pack; the records are produced lazily so at most one chunk is held at a time. Trees
 * and commits are gzipped on the wire (their hex ids halve); chunks are sent as they are.
 */
function sendPack(
  s: SyncSession,
  records: (() => AsyncIterable<PackRecord>) | { gzipped: Buffer },
  opts: { gzip?: boolean } = {},
): Promise<void> {
  let data: AsyncIterable<Buffer> | Buffer;
  if (!(typeof records === 'function')) {
    data = records.gzipped;
    opts = { gzip: true };
  } else {
    data = encodePack(records());
    if (opts.gzip) {
      const gz = createGzip({ level: 6 });
      pipeline(Readable.from(data), gz, () => {});
      data = gz;
    }
  }
  return s.transport.exchange(
    'POST',
    s.transport.path(syncRoutes.packs, { params: s.params }),
    { type: PACK_CONTENT_TYPE, data, encoding: opts.gzip ? 'gzip' : undefined },
    async (status, chunks) => {
      const text = await readAll(chunks);
      if (status !== 200) throw hubError(status, text);
    },
  );
}

/** A pack's records of trees (as deltas where `baseOf` names a base) and commits. */
async function* objectRecords(
  store: SyncStore,
  unit: { kind: 'tree' | 'commit'; id: string }[],
  baseOf: Map<string, string | null>,
): AsyncGenerator<PackRecord> {
  for (const o of unit) {
    yield o.kind === 'tree'
      ? await treeRecord(store, o.id, baseOf.get(o.id) ?? null)
      : { ...o, bytes: await store.readObjectBytes(o.kind, o.id) };
  }
}

/** A whole pack body, gzipped as the objects' packs travel. */
async function packed(records: AsyncIterable<PackRecord>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of encodePack(records)) parts.push(b);
  return gzipAsync(Buffer.concat(parts), { level: 6 });
}

export async function push(
  store: SyncStore,
  s: SyncSession,
  opts: PushOptions,
): Promise<PushResult> {
  const started = Date.now();
  const progress = opts.progress ?? noProgress;
  const t = s.transport;
  const local = await store.readRef(opts.branch);
  // --as-branch: your branch's versions go to another branch of the hub (never forcing).
  const onHub = opts.asBranch ?? opts.branch;
  if (!local) {
    // A new project has its branch in HEAD but no version yet: say what to do.
    const none = (await store.listBranches()).length === 0;
    throw new AuxinError(
      'UNKNOWN_REVISION',
      none
        ? `nothing to push: '${opts.branch}' has no versions yet; commit first (auxin commit -m "...")`
        : `no local branch '${opts.branch}' to push`,
    );
  }
  const result: PushResult = {
    branch: onHub,
    old: null,
    new: local,
    up_to_date: false,
    created_repo: false,
    commits: 0,
    chunks: 0,
    chunk_bytes: 0,
    bytes_sent: 0,
    bytes_received: 0,
    retries: 0,
    seconds: 0,
    phases: { negotiate: 0, chunks: 0, objects: 0, ref: 0 },
  };
  const finish = () => {
    result.bytes_sent = t.stats.sent;
    result.bytes_received = t.stats.received;
    result.retries = t.stats.retries;
    result.seconds = (Date.now() - started) / 1000;
    return result;
  };

  // The local tree is read (and cached) while the hub answers the questions below: a first
  // push of a 512 MiB project spends ~30 ms on it, then asks nothing more of the hub.
  const warm = (async () => store.readTree((await store.readCommit(local)).tree_id))().catch(
    () => undefined,
  );
  let refs = await s.refs('push');
  // Whether this push found the repository missing or empty: if it then loses a race, the
  // message says someone else created it meanwhile, not that this user forgot to pull.
  const firstPush = !refs || refs.size === 0;
  if (!refs) {
    // Pushing to a repository that does not exist creates it, when the hub lets this user.
    try {
      await t.call(repoRoutes.create, { params: s.params, body: {} });
      result.created_repo = true;
    } catch (e) {
      // Someone's first push created it a moment ago: push into it like any other.
      if (!(e instanceof AuxinError && e.code === 'ALREADY_EXISTS')) throw e;
    }
    // Asked again for what the new repository's hub understands (its features).
    refs = (await s.refs('push')) ?? new Map<string, string>();
  }
  const remote = refs.get(onHub) ?? null;
  result.old = remote;
  if (remote === local) {
    result.up_to_date = true;
    return finish();
  }
  if (remote && !opts.force) {
    const known = await store.hasCommit(remote);
    if (!known || !(await isAncestor(store, remote, local))) {
      if (firstPush) throw someoneCreatedIt(s, onHub, 'NON_FAST_FORWARD');
      throw new AuxinError(
        'NON_FAST_FORWARD',
        opts.asBranch
          ? `the hub's '${onHub}' has versions you do not have: choose another name for --as-branch`
          : `the hub's '${onHub}' has versions you do not have: \`auxin pull\` says how to keep ` +
              `yours or take theirs (or \`auxin push --as-branch NAME\` sends yours to a new branch)`,
      );
    }
  }

  await warm;
  const have: string[] = [];
  for (const id of refs.values()) if (await store.hasCommit(id)) have.push(id);
  const candidates = await missingHistory(store, local, have);
  // A repository this push created holds nothing yet: nothing to ask. (A first push racing this
  // one may add chunks meanwhile; the hub keeps one copy of any sent twice.) A retry after a cut
  // finds the repository there, and asks.
  const fresh = result.created_repo;
  const missingSet = new Set(
    fresh
      ? candidates.map((c) => c.id)
      : await askMissing(
          s,
          'commits',
          candidates.map((c) => c.id),
        ),
  );
  const commits = candidates.filter((c) => missingSet.has(c.id));
  result.commits = commits.length;

  const chunkSizes = new Map<string, number>();
  const treeIds = [...new Set(commits.map((c) => c.tree_id))];
  for (const id of treeIds) treeChunks(await store.readTree(id), chunkSizes);
  // The hub holds everything its branch heads reach, so their chunks need no question: after a
  // typical edit only the new chunks are asked about, not the whole project's.
  for (const id of have) {
    for (const known of treeChunks(
      await store.readTree((await store.readCommit(id)).tree_id),
    ).keys()) {
      chunkSizes.delete(known);
    }
  }
  const missingChunks = fresh
    ? [...chunkSizes.keys()]
    : await askMissing(s, 'chunks', [...chunkSizes.keys()]);
  const sizeOf = (id: string) => chunkSizes.get(id) ?? 0;
  result.chunks = missingChunks.length;
  result.chunk_bytes = missingChunks.reduce((n, id) => n + sizeOf(id), 0);
  progress.addTotal(result.chunk_bytes);

  const units = sizedUnits(missingChunks, sizeOf, SyncLimits.packBytes, SyncLimits.maxIdsPerQuery);
  // ProjectData, plists and silence travel DEFLATEd (type 4) when the hub reads them; a chunk
  // that replaced one of the hub's in the same file goes as a delta of it (type 6) if smaller.
  const deflate = s.features.has('chunk-deflate');
  // Bases come from the hub's version of this branch, the one the edit started from.
  const hubTree =
    remote && have.includes(remote) && s.features.has('chunk-delta')
      ? await store.readTree((await store.readCommit(remote)).tree_id)
      : null;
  const basesOf = hubTree
    ? await deltaBases(hubTree, treeIds, async (id) => store.readTree(id), new Set(missingChunks))
    : new Map<string, string[]>();
  const readBase = async (id: string) => store.readChunk(id);
  /**
   * A chunk goes as the client's store holds it: audio stored raw as it is (type 1), a chunk
   * stored DEFLATEd as that very DEFLATE (type 4), so neither end probes or compresses it again.
   * Only a chunk that may travel as a delta of the hub's version is decoded first.
   */
  const toRecord = async (id: string, stored: Buffer): Promise<PackRecord> => {
    const bases = basesOf.get(id);
    if (bases) {
      const raw = decodeStored(id, stored);
      const rec: PackRecord = deflate ? chunkRecord(id, raw) : { kind: 'chunk', id, bytes: raw };
      const delta = await chunkDelta(raw, bases, readBase);
      return delta && delta.length < (rec.deflated ?? raw).length ? { ...rec, delta } : rec;
    }
    if (stored[0] === RAW) return { kind: 'chunk', id, bytes: stored.subarray(1) };
    if (stored[0] === DEFLATE && deflate) {
      return { kind: 'chunk', id, bytes: EMPTY, deflated: stored.subarray(1), size: sizeOf(id) };
    }
    return { kind: 'chunk', id, bytes: decodeStored(id, stored) };
  };
  // Trees, then commits parents first: the hub refuses anything that references what it lacks.
  const objects: { kind: 'tree' | 'commit'; id: string }[] = [
    ...treeIds.map((id) => ({ kind: 'tree' as const, id })),
    ...commits.map((c) => ({ kind: 'commit' as const, id: c.id })),
  ];
  // A tree goes as a delta against its commit's first parent's tree, which the hub has: either
  // it had that commit already, or the parent's tree was sent earlier in this push.
  const baseOf = new Map<string, string | null>();
  if (s.features.has('tree-delta')) {
    const treeOf = new Map(commits.map((c) => [c.id, c.tree_id]));
    for (const c of commits) {
      if (baseOf.has(c.tree_id)) continue;
      const p = c.parent_ids[0];
      baseOf.set(c.tree_id, p ? (treeOf.get(p) ?? (await store.readCommit(p)).tree_id) : null);
    }
  }
  // The first pack of them is read, encoded and gzipped (zlib's threads) while the chunks
  // upload: after the last chunk only the hub's checks of trees and commits remain.
  const objectUnits = batches(objects, 64);
  const firstObjects = objectUnits[0]
    ? packed(objectRecords(store, objectUnits[0], baseOf))
    : Promise.resolve(null);
  firstObjects.catch(() => undefined); // awaited after the chunks; a failure surfaces there
  // One arena per pack in flight, reused: reading every run into a fresh buffer cost the client
  // a full garbage collection every ~25 MiB. An arena goes back only after the hub answered,
  // when the socket has sent all of it; after a failure it is dropped, never reused.
  const arenas = new BufferPool(UNIT_BUFFER_BYTES, SyncLimits.parallel);
  let mark = Date.now();
  const lap = (phase: keyof PushResult['phases']) => {
    result.phases[phase] = (Date.now() - mark) / 1000;
    mark = Date.now();
  };
  result.phases.negotiate = (mark - started) / 1000;
  await pool(units, SyncLimits.parallel, async (unit) => {
    let attempt = 0;
    // A chunk sent again after a cut was counted the first time: the bar must not pass 100 %.
    const counted = new Set<string>();
    await t.retrying('upload', async () => {
      // After a cut, ask again: the hub kept every chunk of the pack that arrived whole.
      const ids = attempt++ === 0 ? unit : await askMissing(s, 'chunks', unit, true);
      const arena = arenas.take();
      try {
        await sendPack(s, async function* () {
          for await (const [id, stored] of store.readStoredChunks(ids, arena)) {
            const record = await toRecord(id, stored);
            yield record;
            if (counted.has(id)) continue;
            counted.add(id);
            progress.tick(record.size ?? record.bytes.length);
          }
        });
      } catch (e) {
        throw await blameLocalDamage(store, ids, e);
      }
      arenas.give(arena);
    });
  });

  lap('chunks');
  for (const [i, unit] of objectUnits.entries()) {
    const body = i === 0 ? await firstObjects : null;
    await t.retrying('upload objects', () =>
      sendPack(s, body ? { gzipped: body } : () => objectRecords(store, unit, baseOf), {
        gzip: true,
      }),
    );
  }

  lap('objects');
  const r = await t
    .call(syncRoutes.ref, {
      params: s.params,
      body: {
        branch: onHub,
        old: remote,
        new: local,
        force: Boolean(opts.force),
        machine_id: opts.machineId ?? machineId(),
        ...(opts.lockId ? { lock_id: opts.lockId } : {}),
        stats: { commits: result.commits, bytes: result.chunk_bytes },
      },
    })
    .catch((e: unknown) => {
      // The branch was new to the hub when this push began, and someone else's first push
      // moved it first: the two started apart, so this one must pull before it can push.
      if (firstPush && e instanceof AuxinError && e.code === 'REF_CONFLICT') {
        throw someoneCreatedIt(s, onHub, 'REF_CONFLICT');
      }
      throw e;
    });
  lap('ref');
  result.old = r.old;
  return finish();
}

/** The loser of two first pushes: someone else's version got there first; pull, then push. */
function someoneCreatedIt(
  s: SyncSession,
  branch: string,
  code: 'REF_CONFLICT' | 'NON_FAST_FORWARD',
): AuxinError {
  const { namespace, name } = s.target;
  return new AuxinError(
    code,
    `someone else just created ${namespace}/${name} on the hub and pushed its '${branch}' first: ` +
      'run `auxin pull` to get their version (it says how to keep yours too), then push again',
    { someone_else_created: true },
  );
}
