/**
 * Project locks (docs/api.md#locks, docs/locks.md): `/api/repos/:ns/:name/locks/...`. The holder
 * is the authenticated user; the body's `user` is only a display label, as the earlier Rust
 * client sends "$USER@host". Fields a route does not use are ignored (zod strips them).
 */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { lockRoutes, requestedTtlSeconds } from '../../../src-shared/api/locks.js';
import { currentUser } from '../auth.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { mount } from '../mount.js';
import { canForce } from '../policy.js';
import type { LockService } from '../../locks/service.js';
import type { HubContext } from '../types.js';

export function locksRouter(h: HubContext, locks: LockService): Router {
  const router = new Router();
  // Renewing and giving back need only read access: the service checks that the caller holds it.
  const read = [loadRepo(h)];

  mount(
    router,
    lockRoutes.status,
    async (ctx) => {
      const lock = await locks.status(stateRepo(ctx));
      return lock ? { locked: true as const, lock } : { locked: false as const };
    },
    read,
  );

  // Taking a lock is a write: producers and admins (members only, for a private repository).
  mount(
    router,
    lockRoutes.acquire,
    (ctx, { body }) =>
      locks.acquire(stateRepo(ctx), currentUser(ctx).username, {
        machine_id: body.machine_id,
        ttl_seconds: requestedTtlSeconds(body),
        user: body.user,
        reason: body.reason,
      }),
    [loadRepo(h, 'write')],
  );

  mount(
    router,
    lockRoutes.heartbeat,
    (ctx, { body }) => locks.heartbeat(stateRepo(ctx), currentUser(ctx).username, body),
    read,
  );

  mount(
    router,
    lockRoutes.release,
    (ctx, { body }) => locks.release(stateRepo(ctx), currentUser(ctx).username, body),
    read,
  );

  mount(
    router,
    lockRoutes.forceRelease,
    (ctx, { body }) => {
      const repo = stateRepo(ctx);
      const user = currentUser(ctx);
      if (!canForce(user, repo)) {
        throw new AuxinError(
          'FORBIDDEN',
          `only an admin or the owner of ${repo.namespace}/${repo.name} may force-release its lock`,
        );
      }
      return locks.forceRelease(repo, user.username, body.reason);
    },
    read,
  );

  mount(
    router,
    lockRoutes.notify,
    (ctx) => locks.notifyWhenFree(stateRepo(ctx), currentUser(ctx).username),
    read,
  );

  return router;
}
