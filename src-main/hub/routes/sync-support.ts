/** The sync routes' access check for a forced push. */
import type { Context } from 'koa';
import { AuxinError } from '../../../src-shared/errors.js';
import { currentUser } from '../auth.js';
import { stateRepo } from '../load-repo.js';
import { canForce } from '../policy.js';

/** 403 unless the caller may rewrite history on this repository (owner or admin). */
export function requireForce(ctx: Context): void {
  const user = currentUser(ctx);
  if (!canForce(user, stateRepo(ctx))) {
    throw new AuxinError('FORBIDDEN', `only the owner or an admin may force a push`);
  }
}
