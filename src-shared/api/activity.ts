/** The activity feed (`GET .../activity`) and the live stream (`GET /api/events`). */
import { z } from 'zod';
import { PageQuerySchema, RepoParamsSchema } from './common.js';
import { REPO_PATH } from './repos.js';
import { defineRoute } from './route.js';

export const EVENTS_PATH = '/api/events';

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
    query: PageQuerySchema,
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
