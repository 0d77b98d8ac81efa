import { z } from 'zod';
import { ObjectId } from './commits.js';
import { RepoParamsSchema } from './common.js';
import { REPO_PATH } from './repos.js';
import { defineRoute } from './route.js';

/**
 * The sync protocol between an `auxin` client and the hub (docs/protocol.md). JSON requests are
 * declared here; chunk, tree and commit bytes travel in packs (src-main/sync/pack.ts).
 * Every route lives under `/api/repos/{namespace}/{name}/sync`.
 */
const Id = ObjectId;

/** Limits both ends agree on; the hub enforces them, the client stays under them. */
export const SyncLimits = {
  /** Ids per "which do you lack" question. */
  maxIdsPerQuery: 4096,
  /**
   * Payload bytes per pack the client sends or asks for (a retry re-sends at most this). With
   * `parallel`, what a cut can cost is 24 MiB, under a tenth of a 320 MB project; 8 MiB units
   * instead of 4 halve the hub's requests, packs and fsyncs (a 1 GiB push ~12 % faster here).
   */
  packBytes: 8 * 1024 * 1024,
  /** Largest pack the hub accepts; it never holds more than one record of it in memory. */
  maxPackBytes: 512 * 1024 * 1024,
  /** Largest single chunk / object accepted. */
  maxChunkBytes: 16 * 1024 * 1024,
  maxObjectBytes: 64 * 1024 * 1024,
  /** Largest commit object: a message and the version's metadata, never near a tree's size. */
  maxCommitBytes: 4 * 1024 * 1024,
  /** Packs in flight at once per client. */
  parallel: 3,
  /**
   * Pack uploads the hub reads at once for one account (one client sends `parallel`); more are
   * answered 429 TOO_MANY_UPLOADS with Retry-After, which clients wait out. With the per-record
   * limits this bounds what one account can make the hub hold.
   */
  maxUploadsPerUser: 4,
} as const;

/**
 * Pack record types a hub accepts beyond chunk, tree and commit; `GET refs` lists them so a
 * client never sends an older hub what it cannot read. `chunk-deflate`: record type 4;
 * `tree-delta`: record type 5; `chunk-delta`: record type 6.
 */
export const SyncFeatures = ['chunk-deflate', 'tree-delta', 'chunk-delta', 'fetch-stored'] as const;

export const RefsResponse = z.object({
  branches: z.array(z.object({ name: z.string(), commit_id: Id })),
  /** Absent from older hubs: they take only record types 1 to 3. */
  features: z.array(z.string()).optional(),
});
export type RefsResponse = z.infer<typeof RefsResponse>;

/** POST sync/chunks/missing and sync/objects/missing */
export const IdsRequest = z.strictObject({ ids: z.array(Id).max(4096) });
export type IdsRequest = z.infer<typeof IdsRequest>;
export const MissingResponse = z.object({ missing: z.array(Id) });
export type MissingResponse = z.infer<typeof MissingResponse>;

/** POST sync/chunks/fetch and sync/objects/fetch: a pack of the named records comes back. */
export const FetchRequest = z.strictObject({
  ids: z.array(Id).max(4096),
  kind: z.enum(['chunk', 'tree', 'commit']).default('chunk'),
  /**
   * Chunks as the hub stores them (hubs with the `fetch-stored` feature): type 1 for a chunk kept
   * raw, type 4 for one kept DEFLATEd, so neither end decodes, probes or compresses it again.
   */
  stored: z.boolean().optional(),
});

/** POST sync/history: commits reachable from `want` and not from `have`, parents first. */
export const HistoryRequest = z.strictObject({
  want: Id,
  have: z.array(Id).max(4096).default([]),
});
export const HistoryResponse = z.object({
  commits: z.array(z.object({ id: Id, tree_id: Id, parent_ids: z.array(Id) })),
});
export type HistoryResponse = z.infer<typeof HistoryResponse>;

/** POST sync/packs answers with what was stored. */
export const PackResponse = z.object({ stored: z.number().int(), bytes: z.number().int() });

/** POST sync/ref: move a branch by compare-and-swap. */
export const RefUpdateRequest = z.strictObject({
  branch: z
    .string()
    .min(1)
    .max(200)
    .refine(
      (b) => !/[\\]|\.\.|^\/|\/$/.test(b) && ![...b].some((c) => c.charCodeAt(0) < 0x20),
      'not a valid branch name',
    ),
  old: Id.nullable(),
  new: Id,
  force: z.boolean().default(false),
  /**
   * The machine pushing (as in a lock's `machine_id`): while the project is locked, only the
   * holder's own machine may move a branch. Clients that send none are fenced by user alone.
   */
  machine_id: z.string().min(1).max(255).optional(), // as long as a lock's (locks.ts) may be
  /**
   * The lock the pushed work was made under (`auxin lock acquire` in this folder): a push made
   * under a lock that was since force-released is refused, 423 LOCK_BROKEN.
   */
  lock_id: z.string().min(1).max(255).optional(),
  /** What the client sent, for the activity feed and metrics. */
  stats: z
    .object({ commits: z.number().int().min(0), bytes: z.number().int().min(0) })
    .default({ commits: 0, bytes: 0 }),
});
export type RefUpdateRequest = z.input<typeof RefUpdateRequest>;
export const RefUpdateResponse = z.object({
  branch: z.string(),
  old: Id.nullable(),
  new: Id,
  created_repo: z.boolean(),
});
export type RefUpdateResponse = z.infer<typeof RefUpdateResponse>;

const SYNC = `${REPO_PATH}/sync`;
const IDS_LIMIT = 512 * 1024;

/** The sync protocol's routes; packs travel as `application/x-auxin-pack` (src-main/sync/pack.ts). */
export const syncRoutes = {
  /** `?op=pull` counts a pull in the hub's metrics. */
  refs: defineRoute({
    method: 'GET',
    path: `${SYNC}/refs`,
    params: RepoParamsSchema,
    query: z.object({ op: z.string().max(16).optional() }),
    response: RefsResponse,
    kind: 'json',
  }),
  chunksMissing: defineRoute({
    method: 'POST',
    path: `${SYNC}/chunks/missing`,
    params: RepoParamsSchema,
    body: IdsRequest,
    bodyLimit: IDS_LIMIT,
    response: MissingResponse,
    kind: 'json',
  }),
  commitsMissing: defineRoute({
    method: 'POST',
    path: `${SYNC}/commits/missing`,
    params: RepoParamsSchema,
    body: IdsRequest,
    bodyLimit: IDS_LIMIT,
    response: MissingResponse,
    kind: 'json',
  }),
  /** A pack of chunks, trees and commits, each verified before the answer. */
  packs: defineRoute({
    method: 'POST',
    path: `${SYNC}/packs`,
    params: RepoParamsSchema,
    rawBody: true,
    response: PackResponse,
    kind: 'json',
  }),
  history: defineRoute({
    method: 'POST',
    path: `${SYNC}/history`,
    params: RepoParamsSchema,
    body: HistoryRequest,
    bodyLimit: IDS_LIMIT,
    response: HistoryResponse,
    kind: 'json',
  }),
  /** Answers a pack of the named records. */
  fetch: defineRoute({
    method: 'POST',
    path: `${SYNC}/fetch`,
    params: RepoParamsSchema,
    body: FetchRequest,
    bodyLimit: IDS_LIMIT,
    kind: 'binary',
  }),
  ref: defineRoute({
    method: 'POST',
    path: `${SYNC}/ref`,
    params: RepoParamsSchema,
    body: RefUpdateRequest,
    bodyLimit: 64 * 1024,
    response: RefUpdateResponse,
    kind: 'json',
  }),
};
