/**
 * A repository's history over HTTP: `GET .../commits`, `.../branches`, `.../commits/{rev}`,
 * `.../commits/{rev}/tree`, `.../commits/{rev}/file?path=`. Objects are in ./commits.ts.
 */
import { z } from 'zod';

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
