/**
 * The projects overview: every repository the caller may read with what a producer looks at
 * first (its latest version, that version's Logic metadata, its size and its lock), in one call.
 * `GET /api/projects` for the list, `GET /api/projects/{ns}/{name}` for one row (the UI refetches
 * only the row a live event names).
 */
import { z } from 'zod';
import { RepoParamsSchema } from './common.js';
import { defineRoute } from './route.js';
import { LockSchema } from './locks.js';
import { RepoMetadataSummarySchema } from './metadata.js';
import { RepoSchema } from './repos.js';

export const PROJECTS_PATH = '/api/projects';
export const PROJECT_PATH = '/api/projects/:ns/:name';

export const ProjectHeadSchema = z.object({
  id: z.string(),
  branch: z.string().nullable(),
  message: z.string(),
  author: z.string(),
  timestamp: z.string(),
});
export type ProjectHead = z.infer<typeof ProjectHeadSchema>;

export const ProjectSchema = z.object({
  repo: RepoSchema,
  /** The latest version on the default branch; null before the first push. */
  head: ProjectHeadSchema.nullable(),
  /** Bytes of that version's files; null before the first push. */
  size: z.number().int().nonnegative().nullable(),
  metadata: RepoMetadataSummarySchema.nullable(),
  lock: LockSchema.nullable(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectListSchema = z.array(ProjectSchema);

export const projectRoutes = {
  list: defineRoute({
    method: 'GET',
    path: PROJECTS_PATH,
    response: ProjectListSchema,
    kind: 'json',
  }),
  get: defineRoute({
    method: 'GET',
    path: PROJECT_PATH,
    params: RepoParamsSchema,
    response: ProjectSchema,
    kind: 'json',
  }),
};
