/** Schemas shared by several resources. */
import { z } from 'zod';
import { isValidName, isValidUsername } from '../names.js';

export const RoleSchema = z.enum(['admin', 'producer', 'client']);
export type Role = z.infer<typeof RoleSchema>;

export const UsernameSchema = z
  .string()
  .refine(isValidUsername, 'must be 1-64 letters, digits, dots, dashes or underscores');

export const RepoNameSchema = z
  .string()
  .refine(isValidName, 'is not a valid name (no / \\ control characters, leading dot or ..)');

/** `:ns` and `:name` of every repository route (the hub's loadRepo says which one is wrong). */
export const RepoParamsSchema = z.object({ ns: RepoNameSchema, name: RepoNameSchema });
export type RepoParams = z.infer<typeof RepoParamsSchema>;

/** `?limit=&before=` on every paginated list. */
export const PageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
});
export type PageQuery = z.infer<typeof PageQuerySchema>;

/**
 * True when `value` nests arrays and objects at most `max` deep. Iterative: free-form JSON that a
 * client may post (metadata's `custom`) is stored and re-serialised, and `JSON.stringify` of
 * thousands of levels overflows the stack.
 */
export function nestsAtMost(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return false;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
}

/** The wire shape of every error (see src-shared/errors.ts). */
export const ErrorBodySchema = z.looseObject({ error: z.string(), code: z.string() });
