/** The activity feed (`GET .../activity`) and the live stream (`GET /api/events`). */
import { z } from 'zod';
import { PageQuerySchema, RepoParamsSchema, UsernameSchema } from './common.js';
import { REPO_PATH } from './repos.js';
import { defineRoute } from './route.js';

export const EVENTS_PATH = '/api/events';
export const HUB_ACTIVITY_PATH = '/api/activity';

/** What a person filters the feed by: each kind is a family of event types. */
export const ACTIVITY_KINDS = ['push', 'lock', 'metadata', 'comment', 'project'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** The kind of an event type (`lock.expired` → `lock`); repositories and collaborators are `project`. */
export function activityKind(type: string): ActivityKind {
  if (type === 'push') return 'push';
  if (type.startsWith('lock.')) return 'lock';
  if (type.startsWith('metadata.')) return 'metadata';
  if (type.startsWith('comment.')) return 'comment';
  return 'project';
}

/** `?limit=&before=` plus the filters: one kind, one person (the event's actor). */
export const ActivityQuerySchema = PageQuerySchema.extend({
  kind: z.enum(ACTIVITY_KINDS).optional(),
  actor: UsernameSchema.optional(),
});
export type ActivityQuery = z.infer<typeof ActivityQuerySchema>;

export const ActivityEventSchema = z.object({
  id: z.string(),
  type: z.string(),
  actor: z.string(),
  time: z.string(),
  namespace: z.string(),
  name: z.string(),
  text: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type ActivityEventWire = z.infer<typeof ActivityEventSchema>;

export const ActivityPageSchema = z.object({
  events: z.array(ActivityEventSchema),
  /** Pass as `before` to get the next (older) page; null on the last page. */
  next: z.string().nullable(),
});
export type ActivityPage = z.infer<typeof ActivityPageSchema>;

/** `?repo=ns/name` limits the live stream to one repository. */
export const EventsQuerySchema = z.object({
  repo: z.string().max(300).optional(),
  token: z.string().max(512).optional(),
});

export const activityRoutes = {
  /** A repository's feed, newest first, page by page (`before` = the previous page's `next`). */
  repo: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/activity`,
    params: RepoParamsSchema,
    query: ActivityQuerySchema,
    response: ActivityPageSchema,
    kind: 'json',
  }),
  /** Every repository the caller may read, merged newest first, paged the same way. */
  hub: defineRoute({
    method: 'GET',
    path: HUB_ACTIVITY_PATH,
    query: ActivityQuerySchema,
    response: ActivityPageSchema,
    kind: 'json',
  }),
  /** The live stream (Server-Sent Events; payloads in ./events.ts). */
  events: defineRoute({
    method: 'GET',
    path: EVENTS_PATH,
    query: EventsQuerySchema,
    kind: 'stream',
  }),
};
