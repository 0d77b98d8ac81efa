/**
 * The live stream (`GET /api/events`, Server-Sent Events): every event type the hub sends and the
 * schema of its payload. Each SSE message is `event: <type>` and `data: {type, namespace?, name?,
 * data}`; clients decode it with `LiveEventSchema`.
 */
import { z } from 'zod';
import { ActivityEventSchema } from './activity.js';
import { LocalProjectSchema } from './metadata.js';

/** Events that are also entries of a repository's activity feed: `data` is the feed entry. */
export const ACTIVITY_EVENT_TYPES = [
  'repo.created',
  'repo.deleted',
  'repo.visibility',
  'collaborator.added',
  'collaborator.removed',
  'push',
  'comment.added',
  'comment.deleted',
  'metadata.extracted',
  'lock.acquired',
  'lock.released',
  'lock.expired',
  'lock.force_released',
] as const;
export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];

/** A watched local project (`GET /api/local/projects`) appeared, was saved, or went away. */
export const PROJECT_EVENT_TYPES = ['project.added', 'project.updated', 'project.removed'] as const;

/** Sent only to the teammates who asked to be told (`POST .../locks/notify`). */
export const LockFreeDataSchema = z.object({
  text: z.string(),
  namespace: z.string(),
  name: z.string(),
  to: z.string(),
});

const where = { namespace: z.string().optional(), name: z.string().optional() };

export const LiveEventSchema = z.discriminatedUnion('type', [
  ...ACTIVITY_EVENT_TYPES.map((type) =>
    z.object({ type: z.literal(type), ...where, data: ActivityEventSchema }),
  ),
  z.object({ type: z.literal('lock.free'), ...where, data: LockFreeDataSchema }),
  ...PROJECT_EVENT_TYPES.map((type) =>
    // A copy sent to those who may not read the bound repository has it removed (`repo: null`).
    z.object({ type: z.literal(type), ...where, data: LocalProjectSchema.partial() }),
  ),
] as unknown as [z.ZodObject, ...z.ZodObject[]]);

export type ProjectEventType = (typeof PROJECT_EVENT_TYPES)[number];
export type LiveEventType = ActivityEventType | ProjectEventType | 'lock.free';
export type LiveEvent =
  | {
      type: ActivityEventType;
      namespace?: string;
      name?: string;
      data: z.infer<typeof ActivityEventSchema>;
    }
  | {
      type: 'lock.free';
      namespace?: string;
      name?: string;
      data: z.infer<typeof LockFreeDataSchema>;
    }
  | {
      type: ProjectEventType;
      namespace?: string;
      name?: string;
      data: Partial<z.infer<typeof LocalProjectSchema>>;
    };

export const LIVE_EVENT_TYPES: readonly LiveEventType[] = [
  ...ACTIVITY_EVENT_TYPES,
  'lock.free',
  ...PROJECT_EVENT_TYPES,
];
