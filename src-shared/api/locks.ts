/**
 * Project locks: one exclusive lease per repository, held by an authenticated user on one machine.
 * The earlier Rust client (docs/peer-compat.md) requires the six string fields of `Lock`; the rest
 * is ours. Unknown request fields are stripped (zod's default), never refused.
 */
import { z } from 'zod';
import { hasHiddenChars } from '../names.js';
import { RepoParamsSchema } from './common.js';
import { REPO_PATH } from './repos.js';
import { defineRoute } from './route.js';

/** Default lease when a request names no time to live: 4 hours, as the earlier client assumes. */
export const DEFAULT_LOCK_TTL_SECONDS = 4 * 3600;
/** A lease longer than 30 days is almost certainly a mistake (a typo in hours vs seconds). */
export const MAX_LOCK_TTL_SECONDS = 30 * 24 * 3600;

export const LockSchema = z.object({
  lock_id: z.string(),
  /** Display label: the body's `user` when given (the earlier client sends "$USER@host"), else the username. */
  user: z.string(),
  machine_id: z.string(),
  acquired_at: z.string(),
  expires_at: z.string(),
  last_heartbeat: z.string(),
  /** The authenticated account that holds the lock; this, with machine_id, is the holder. */
  username: z.string(),
  reason: z.string().nullable(),
  ttl_seconds: z.number().int(),
  namespace: z.string(),
  name: z.string(),
});
export type Lock = z.infer<typeof LockSchema>;

/** Text other users see printed: no control or invisible characters (see hasHiddenChars). */
const shown = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !hasHiddenChars(v), 'must not contain control or invisible characters');
const machineId = shown(255).trim().min(1);
const label = shown(255);

export const AcquireRequestSchema = z.object({
  user: label.optional().nullable(),
  machine_id: machineId,
  timeout_hours: z
    .number()
    .positive()
    .max(MAX_LOCK_TTL_SECONDS / 3600)
    .optional()
    .nullable(),
  ttl_seconds: z.number().int().min(1).max(MAX_LOCK_TTL_SECONDS).optional().nullable(),
  reason: shown(1000).optional().nullable(),
});
export type AcquireRequest = z.infer<typeof AcquireRequestSchema>;

/** The lease a request asks for, in seconds: ttl_seconds wins over timeout_hours. */
export function requestedTtlSeconds(req: {
  ttl_seconds?: number | null;
  timeout_hours?: number | null;
}): number {
  if (req.ttl_seconds != null) return req.ttl_seconds;
  if (req.timeout_hours != null) return Math.max(1, Math.round(req.timeout_hours * 3600));
  return DEFAULT_LOCK_TTL_SECONDS;
}

export const ReleaseRequestSchema = z.object({
  lock_id: z.string().max(200).optional().nullable(),
  user: label.optional().nullable(),
  machine_id: z.string().max(255).optional().nullable(),
});
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>;

export const HeartbeatRequestSchema = z.object({
  lock_id: z.string().min(1).max(200),
  machine_id: z.string().max(255).optional().nullable(),
  /** Optionally change the lease length while renewing. */
  ttl_seconds: z.number().int().min(1).max(MAX_LOCK_TTL_SECONDS).optional().nullable(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequestSchema>;

export const ForceReleaseRequestSchema = z.object({
  reason: shown(1000).trim().min(1),
});
export type ForceReleaseRequest = z.infer<typeof ForceReleaseRequestSchema>;

export const LockStatusSchema = z.union([
  z.object({ locked: z.literal(true), lock: LockSchema }),
  z.object({ locked: z.literal(false) }),
]);
export type LockStatus = z.infer<typeof LockStatusSchema>;

export const ReleaseResponseSchema = z.object({
  released: z.boolean(),
  lock: LockSchema.optional(),
});
export type ReleaseResponse = z.infer<typeof ReleaseResponseSchema>;

export const NotifyResponseSchema = z.object({
  locked: z.boolean(),
  /** True when the caller will receive a `lock.free` event once the lock is gone. */
  waiting: z.boolean(),
  lock: LockSchema.optional(),
});
export type NotifyResponse = z.infer<typeof NotifyResponseSchema>;

/** Details that accompany a 409/423 LOCK_HELD error. */
export interface LockHeldDetails {
  holder: string;
  user: string;
  machine_id: string;
  expires_at: string;
  lock: Lock;
}

export type LockEventType =
  'lock.acquired' | 'lock.released' | 'lock.expired' | 'lock.force_released' | 'lock.free';

const base = `${REPO_PATH}/locks`;
const LIMIT = 16 * 1024;

export const lockRoutes = {
  status: defineRoute({
    method: 'GET',
    path: `${base}/status`,
    params: RepoParamsSchema,
    response: LockStatusSchema,
    kind: 'json',
  }),
  acquire: defineRoute({
    method: 'POST',
    path: `${base}/acquire`,
    params: RepoParamsSchema,
    body: AcquireRequestSchema,
    bodyLimit: LIMIT,
    response: LockSchema,
    kind: 'json',
  }),
  heartbeat: defineRoute({
    method: 'POST',
    path: `${base}/heartbeat`,
    params: RepoParamsSchema,
    body: HeartbeatRequestSchema,
    bodyLimit: LIMIT,
    response: LockSchema,
    kind: 'json',
  }),
  release: defineRoute({
    method: 'POST',
    path: `${base}/release`,
    params: RepoParamsSchema,
    body: ReleaseRequestSchema,
    bodyLimit: LIMIT,
    response: ReleaseResponseSchema,
    kind: 'json',
  }),
  forceRelease: defineRoute({
    method: 'POST',
    path: `${base}/force-release`,
    params: RepoParamsSchema,
    body: ForceReleaseRequestSchema,
    bodyLimit: LIMIT,
    response: ReleaseResponseSchema,
    kind: 'json',
  }),
  notify: defineRoute({
    method: 'POST',
    path: `${base}/notify`,
    params: RepoParamsSchema,
    response: NotifyResponseSchema,
    kind: 'json',
  }),
};
