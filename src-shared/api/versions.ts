/**
 * What the project page's history needs in few requests: a paged timeline of version summaries
 * (`.../versions`), a comparison of two versions (`.../compare`) and a waveform's peaks for an
 * audio file of a version (`.../commits/{commit}/peaks?path=`).
 */
import { z } from 'zod';
import { RepoParamsSchema } from './common.js';
import { RevParamsSchema } from './history.js';
import { MetadataDiffResponseSchema } from './metadata.js';
import { REPO_PATH } from './repos.js';
import { defineRoute } from './route.js';

/** One change of the Logic metadata against the parent, as `diffMetadata` gives it. */
export const MetadataChangeSchema = MetadataDiffResponseSchema.shape.changes.element;
export type MetadataChangeWire = z.infer<typeof MetadataChangeSchema>;

export const VersionSummarySchema = z.object({
  id: z.string(),
  parent_ids: z.array(z.string()),
  message: z.string(),
  author: z.string(),
  timestamp: z.string(),
  /** Bytes of every file in the version. */
  size: z.number().int().nonnegative(),
  /** Files added, removed or changed against the first parent (all files for the first version). */
  files_changed: z.number().int().nonnegative(),
  bpm: z.number().optional(),
  key_signature: z.string().optional(),
  time_signature: z.string().optional(),
  sample_rate: z.number().optional(),
  track_count: z.number().optional(),
  /** Against the first parent; empty when either reading is unknown. */
  changes: z.array(MetadataChangeSchema),
  comment_count: z.number().int().nonnegative(),
  /** `.../Alternatives/NNN/WindowImage.jpg` of the project's alternative, when the version has one. */
  snapshot: z.string().nullable(),
  /** Audio files under a `Bounces/` folder: the version's previews. */
  bounces: z.array(z.object({ path: z.string(), size: z.number().int().nonnegative() })),
});
export type VersionSummary = z.infer<typeof VersionSummarySchema>;

export const VersionsQuerySchema = z.object({
  branch: z.string().min(1).max(256).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const VersionsResponseSchema = z.object({
  /** The commit the listing started from (the branch's head). */
  head: z.string().nullable(),
  versions: z.array(VersionSummarySchema),
  /** The next page's offset, or null on the last page. */
  next_offset: z.number().int().nullable(),
});
export type VersionsResponse = z.infer<typeof VersionsResponseSchema>;

export const CompareQuerySchema = z.object({
  from: z.string().min(1).max(256),
  to: z.string().min(1).max(256),
});

const FileEntrySchema = z.object({ path: z.string(), size: z.number().int().nonnegative() });

export const CompareResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  /** Files only (folders are implied by their files). */
  added: z.array(FileEntrySchema),
  removed: z.array(FileEntrySchema),
  changed: z.array(
    z.object({
      path: z.string(),
      old_size: z.number().int().nonnegative(),
      new_size: z.number().int().nonnegative(),
    }),
  ),
  changes: z.array(MetadataChangeSchema),
});
export type CompareResponse = z.infer<typeof CompareResponseSchema>;

export const PeaksQuerySchema = z.object({
  path: z.string().min(1).max(4096),
  /** How many min/max pairs: one per pixel column of the drawing. */
  buckets: z.coerce.number().int().min(16).max(4000).default(800),
});

export const PeaksResponseSchema = z.object({
  path: z.string(),
  /** `wav` or `aiff` when peaks were computed; null otherwise (see `reason`). */
  format: z.enum(['wav', 'aiff']).nullable(),
  channels: z.number().int().nonnegative(),
  sample_rate: z.number().nonnegative(),
  duration_seconds: z.number().nonnegative(),
  /** `[min0, max0, min1, max1, ...]`, each in -1..1, over every channel. */
  peaks: z.array(z.number()),
  /** Why there are no peaks: a compressed format, an unknown encoding. */
  reason: z.string().optional(),
});
export type PeaksResponse = z.infer<typeof PeaksResponseSchema>;

export const versionRoutes = {
  /** Newest first, one page per request: everything a timeline row shows. */
  list: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/versions`,
    params: RepoParamsSchema,
    query: VersionsQuerySchema,
    response: VersionsResponseSchema,
    kind: 'json',
  }),
  compare: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/compare`,
    params: RepoParamsSchema,
    query: CompareQuerySchema,
    response: CompareResponseSchema,
    kind: 'json',
  }),
  peaks: defineRoute({
    method: 'GET',
    path: `${REPO_PATH}/commits/:commit/peaks`,
    params: RevParamsSchema,
    query: PeaksQuerySchema,
    response: PeaksResponseSchema,
    kind: 'json',
  }),
};
