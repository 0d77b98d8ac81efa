/**
 * A repository's history over HTTP: `GET .../commits`, `.../branches`, `.../commits/{rev}`,
 * `.../commits/{rev}/tree`, `.../commits/{rev}/file?path=`. Objects are in ./commits.ts.
 */
import { z } from 'zod';
import { Commit } from './commits.js';
import { RepoParamsSchema } from './common.js';
import { TreeEntry } from './commits.js';
import { VersionMetadataSchema } from './metadata.js';
import { defineRoute } from './route.js';
import { REPO_PATH } from './repos.js';

/** `?branch=` (a branch or commit id; default the repository's head), `?limit=&offset=`. */
export const CommitsQuerySchema = z.object({
  branch: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const BranchInfoSchema = z.object({
  name: z.string(),
  commit_id: z.string(),
  is_head: z.boolean(),
});
export type BranchInfo = z.infer<typeof BranchInfoSchema>;

/** `?path=` is a path in the version's tree (POSIX, as listed by `.../tree`). */
export const FileQuerySchema = z.object({
  path: z.string().min(1).max(4096),
  token: z.string().max(512).optional(),
});

/** `:commit` of the history routes: a branch name or a (prefix of a) commit id. */
export const RevParamsSchema = RepoParamsSchema.extend({ commit: z.string().min(1) });

/** A version as listed: the commit, and its metadata when the hub has read it. */
export const CommitListItemSchema = Commit.extend({
  version_metadata: VersionMetadataSchema.partial().optional(),
});
export type CommitListItem = z.infer<typeof CommitListItemSchema>;

export const TreeResponseSchema = z.object({
  commit_id: z.string(),
  tree_id: z.string(),
  entries: z.array(TreeEntry),
});

export const historyRoutes = {
  branches: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/branches`,
    params: RepoParamsSchema,
    response: z.array(BranchInfoSchema),
    kind: 'json',
  }),
  /** Newest first; `X-Next-Offset` names the next page's offset when there is one. */
  commits: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/commits`,
    params: RepoParamsSchema,
    query: CommitsQuerySchema,
    response: z.array(CommitListItemSchema),
    kind: 'json',
  }),
  commit: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/commits/:commit`,
    params: RevParamsSchema,
    response: CommitListItemSchema,
    kind: 'json',
  }),
  tree: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/commits/:commit/tree`,
    params: RevParamsSchema,
    response: TreeResponseSchema,
    kind: 'json',
  }),
  /** The file's bytes; honours `Range` (206). */
  file: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/commits/:commit/file`,
    params: RevParamsSchema,
    query: FileQuerySchema,
    kind: 'binary',
  }),
};
