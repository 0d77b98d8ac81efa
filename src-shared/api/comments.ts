/** Comments on a version: `.../commits/{commit}/comments`. */
import { z } from 'zod';

export const CommitIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'is not a commit id');

export const CommentSchema = z.object({
  id: z.string(),
  commit_id: z.string(),
  author: z.string(),
  body: z.string(),
  time: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const CreateCommentBodySchema = z.object({ body: z.string().trim().min(1).max(10_000) });
