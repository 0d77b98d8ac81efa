/** Small helpers for the sync routes: access checks and JSON bodies. */
import type { Context } from 'koa';
import type { z } from 'zod';
import { AuxinError } from '../../../src-shared/errors.js';
import { currentUser } from '../auth.js';
import { parseOr400, readJson } from '../body.js';
import { stateRepo } from '../load-repo.js';
import { canForce } from '../policy.js';

/** 403 unless the caller may rewrite history on this repository (owner or admin). */
export function requireForce(ctx: Context): void {
  const user = currentUser(ctx);
  if (!canForce(user, stateRepo(ctx))) {
    throw new AuxinError('FORBIDDEN', `only the owner or an admin may force a push`);
  }
}

/** Read a JSON body of at most `limit` bytes and parse it with `schema`. */
export async function readJsonBody<S extends z.ZodType>(
  ctx: Context,
  schema: S,
  limit: number,
): Promise<z.output<S>> {
  return parseOr400(schema, await readJson(ctx, limit), 'body');
}
