/**
 * Project locks (docs/api.md#locks, docs/locks.md): `/api/repos/:ns/:name/locks/...`. The holder
 * is the authenticated user; the body's `user` is only a display label, as the earlier Rust
 * client sends "$USER@host". Fields a route does not use are ignored (zod strips them).
 */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import {
  AcquireRequestSchema,
  ForceReleaseRequestSchema,
  HeartbeatRequestSchema,
  ReleaseRequestSchema,
  requestedTtlSeconds,
  type AcquireRequest,
  type ForceReleaseRequest,
  type HeartbeatRequest,
  type ReleaseRequest,
} from '../../../src-shared/api/locks.js';
import { REPO_PATH } from '../../../src-shared/api/repos.js';
import { currentUser } from '../auth.js';
import { validate } from '../body.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { canForce } from '../policy.js';
import type { LockService } from '../../locks/service.js';
import type { HubContext } from '../types.js';

const LIMIT = { limit: 16 * 1024 };

export function locksRouter(h: HubContext, locks: LockService): Router {
  const router = new Router();
  const base = `${REPO_PATH}/locks`;

  router.get(`${base}/status`, loadRepo(h), async (ctx) => {
    const lock = await locks.status(stateRepo(ctx));
    ctx.body = lock ? { locked: true, lock } : { locked: false };
  });

  // Taking a lock is a write: producers and admins (members only, for a private repository).
  router.post(
    `${base}/acquire`,
    loadRepo(h, 'write'),
    validate(AcquireRequestSchema, LIMIT),
    async (ctx) => {
      const body = ctx.request.body as AcquireRequest;
      ctx.body = await locks.acquire(stateRepo(ctx), currentUser(ctx).username, {
        machine_id: body.machine_id,
        ttl_seconds: requestedTtlSeconds(body),
        user: body.user,
        reason: body.reason,
      });
    },
  );

  // Renewing and giving back need only read access: the service checks that the caller holds it.
  router.post(
    `${base}/heartbeat`,
    loadRepo(h),
    validate(HeartbeatRequestSchema, LIMIT),
    async (ctx) => {
      ctx.body = await locks.heartbeat(
        stateRepo(ctx),
        currentUser(ctx).username,
        ctx.request.body as HeartbeatRequest,
      );
    },
  );

  router.post(
    `${base}/release`,
    loadRepo(h),
    validate(ReleaseRequestSchema, LIMIT),
    async (ctx) => {
      ctx.body = await locks.release(
        stateRepo(ctx),
        currentUser(ctx).username,
        ctx.request.body as ReleaseRequest,
      );
    },
  );

  router.post(
    `${base}/force-release`,
    loadRepo(h),
    validate(ForceReleaseRequestSchema, LIMIT),
    async (ctx) => {
      const repo = stateRepo(ctx);
      const user = currentUser(ctx);
      if (!canForce(user, repo)) {
        throw new AuxinError(
          'FORBIDDEN',
          `only an admin or the owner of ${repo.namespace}/${repo.name} may force-release its lock`,
        );
      }
      const { reason } = ctx.request.body as ForceReleaseRequest;
      ctx.body = await locks.forceRelease(repo, user.username, reason);
    },
  );

  router.post(`${base}/notify`, loadRepo(h), async (ctx) => {
    ctx.body = await locks.notifyWhenFree(stateRepo(ctx), currentUser(ctx).username);
  });

  return router;
}
