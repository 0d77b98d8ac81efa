/** Comments on a version: `.../commits/{commit}/comments`. */
import { z } from 'zod';
import { RepoParamsSchema } from './common.js';
import { REPO_PATH } from './repos.js';
import { defineRoute } from './route.js';

export const CommentSchema = z.object({
  id: z.string(),
  commit_id: z.string(),
  author: z.string(),
  body: z.string(),
  time: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const CreateCommentBodySchema = z.object({ body: z.string().trim().min(1).max(10_000) });

/** The hub checks `:commit` with CommitIdPrefixSchema itself, answering INVALID_ARGUMENT. */
const CommentsParamsSchema = RepoParamsSchema.extend({ commit: z.string() });
const base = `${REPO_PATH}/commits/:commit/comments`;

export const commentRoutes = {
  /** Oldest first. */
  list: defineRoute({
    method: 'GET',
    path: base,
    params: CommentsParamsSchema,
    response: z.array(CommentSchema),
    kind: 'json',
  }),
  create: defineRoute({
    method: 'POST',
    path: base,
    params: CommentsParamsSchema,
    body: CreateCommentBodySchema,
    bodyLimit: 32 * 1024,
    response: CommentSchema,
    kind: 'json',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: `${base}/:id`,
    params: CommentsParamsSchema.extend({ id: z.string() }),
    kind: 'none',
  }),
};
