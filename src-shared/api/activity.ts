/** The activity feed (`GET .../activity`) and the live stream (`GET /api/events`). */
import { z } from 'zod';

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
