/** Comments on a version: `.../commits/{commit}/comments`. */
import { z } from 'zod';
import { hasHiddenCharsInText } from '../names.js';

/** Commit ids are lower-case hex (BLAKE3 digests, or a prefix of one). */
export const CommitIdSchema = z.string().regex(/^[0-9a-f]{4,128}$/, 'is not a commit id');

export const CommentSchema = z.object({
  id: z.string(),
  commit_id: z.string(),
  author: z.string(),
  body: z.string(),
  time: z.string(),
});
export type Comment = z.infer<typeof CommentSchema>;

/** Shown raw to teammates (CLI, feed): no terminal escapes or direction overrides, as lock reasons. */
export const CreateCommentBodySchema = z.object({
  body: z
    .string()
    .trim()
    .min(1)
    .max(10_000)
    .refine(
      (v) => !hasHiddenCharsInText(v),
      'must not contain control or invisible characters (line breaks and tabs are fine)',
    ),
});
