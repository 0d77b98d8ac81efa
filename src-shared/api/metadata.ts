import { z } from 'zod';
import { nestsAtMost, RepoParamsSchema } from './common.js';
import { defineRoute } from './route.js';

/**
 * What the .logicx / .band reader returns (src-main/logic/reader.ts). The hub stores it with
 * every version and serves it from /api/repos/{ns}/{name}/metadata/{commit}.
 *
 * Every field but `name`, `audio_files` and `warnings` is optional: a value the bundle does not
 * hold is absent (never a default), and `warnings` says why.
 */

export const KeySchema = z.object({
  /** Tonic as Logic spells it: "C", "F#", "Eb". */
  tonic: z.string(),
  mode: z.enum(['major', 'minor']),
  /** Logic's SignatureKey: 7 + fifths (sharps positive), + 16 for minor. */
  code: z.number().int().optional(),
});
export type Key = z.infer<typeof KeySchema>;

export const TempoPointSchema = z.object({
  /** 960 ticks per quarter note, counted from the song start. */
  tick: z.number().int().nonnegative(),
  bpm: z.number().positive(),
});
export type TempoPoint = z.infer<typeof TempoPointSchema>;

export const MeterPointSchema = z.object({
  tick: z.number().int().nonnegative(),
  numerator: z.number().int().positive(),
  denominator: z.number().int().positive(),
});
export type MeterPoint = z.infer<typeof MeterPointSchema>;

export const KeyPointSchema = z.object({
  tick: z.number().int().nonnegative(),
  code: z.number().int(),
});
export type KeyPoint = z.infer<typeof KeyPointSchema>;

export const AudioFilesSchema = z.object({
  /** Placed in the arrangement. Entries inside the bundle are bundle-relative ("Media/Audio Files/x.wav"); absolute ones are kept as Logic stored them. */
  used: z.array(z.string()),
  /** In the project's audio bin but not placed. */
  unused: z.array(z.string()),
  /** Entries of either list that resolve inside the bundle but are not there. */
  missing: z.array(z.string()),
});
export type AudioFiles = z.infer<typeof AudioFilesSchema>;

export const LogicMetadataSchema = z.object({
  /** Bundle folder name without its extension. */
  name: z.string(),
  kind: z.enum(['logicx', 'band']),
  /** Initial tempo (at the song start). */
  bpm: z.number().positive().optional(),
  sample_rate: z.number().int().positive().optional(),
  /** "C major", "F# minor". */
  key_signature: z.string().optional(),
  key: KeySchema.optional(),
  /** Initial time signature, "6/8". */
  time_signature: z.string().optional(),
  track_count: z.number().int().nonnegative().optional(),
  /** Version number of the app that saved last, parsed from LastSavedFrom: "11.2.2". */
  logic_version: z.string().optional(),
  /** The raw LastSavedFrom string: "Logic Pro 11.2.2 (6387)", "GarageBand 10.4.6 (5602)". */
  last_saved_from: z.string().optional(),
  alternative: z.object({ index: z.number().int().nonnegative(), name: z.string() }).optional(),
  audio_files: AudioFilesSchema,
  tempo_map: z.array(TempoPointSchema).optional(),
  meter_map: z.array(MeterPointSchema).optional(),
  key_map: z.array(KeyPointSchema).optional(),
  /** ProjectData format word (1702 = Logic 10.0.3, 2511 = Logic 11.2.2). */
  project_data_format: z.number().int().optional(),
  warnings: z.array(z.string()),
});
export type LogicMetadata = z.infer<typeof LogicMetadataSchema>;

// ---- the hub's metadata routes: `/api/repos/{ns}/{name}/metadata/{commit}` and friends

export const METADATA_PATH = '/api/repos/:ns/:name/metadata/:commit';
export const METADATA_DIFF_PATH = '/api/repos/:ns/:name/metadata/diff';
export const LOCAL_PROJECTS_PATH = '/api/local/projects';

/**
 * The earlier client's body, exactly (docs/peer-compat.md): `tags` and `custom` may be null or
 * absent; unknown fields are stripped, never refused.
 */
export const ClientMetadataBodySchema = z.object({
  bpm: z.number().positive().max(10_000).nullable().optional(),
  sample_rate: z.number().int().positive().max(10_000_000).nullable().optional(),
  key_signature: z.string().max(64).nullable().optional(),
  tags: z.array(z.string().max(128)).max(256).nullable().optional(),
  custom: z
    .record(z.string(), z.unknown())
    .refine((v) => nestsAtMost(v, 32), 'must nest at most 32 levels')
    .nullable()
    .optional(),
});
export type ClientMetadataBody = z.infer<typeof ClientMetadataBodySchema>;

/** Where a merged value came from: posted by a client, read by the hub, or stored in the commit. */
export const MetadataSourceSchema = z.enum(['client', 'extracted', 'commit']);
export type MetadataSource = z.infer<typeof MetadataSourceSchema>;

/**
 * `GET .../metadata/{commit}`: the earlier client's fields at the top level (absent when unknown),
 * then the full reader result under `logic` and where each top-level value came from.
 */
export const VersionMetadataSchema = z.object({
  commit_id: z.string(),
  /** False while the hub only holds what a client posted for a version it has not received. */
  received: z.boolean(),
  bpm: z.number().optional(),
  sample_rate: z.number().int().optional(),
  key_signature: z.string().optional(),
  time_signature: z.string().optional(),
  track_count: z.number().int().optional(),
  tags: z.array(z.string()).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
  sources: z.record(z.string(), MetadataSourceSchema),
  logic: LogicMetadataSchema.optional(),
  /** What the client posted, as posted (null fields kept). */
  client: ClientMetadataBodySchema.extend({ received_at: z.string() }).optional(),
  /** Why the hub could not read the version's project, when it could not. */
  extract_error: z.string().optional(),
});
export type VersionMetadata = z.infer<typeof VersionMetadataSchema>;

/** `GET .../metadata/diff?from=A&to=B`: commit ids, prefixes or branch names. */
export const MetadataDiffQuerySchema = z.object({
  from: z.string().min(1).max(256),
  to: z.string().min(1).max(256),
});

/** `GET /api/repos?bpm_min=&bpm_max=&key=&q=`: filter by each repository's latest metadata. */
/** An empty query value (`?q=` from a cleared search box) means "not given". */
const blank = (v: unknown) => (v === '' ? undefined : v);

export const RepoFilterQuerySchema = z.object({
  bpm_min: z.preprocess(blank, z.coerce.number().min(0).max(10_000).optional()),
  bpm_max: z.preprocess(blank, z.coerce.number().min(0).max(10_000).optional()),
  /** "A minor", "F#m", "Bb", "eb major": a tonic alone matches both modes. */
  key: z.preprocess(blank, z.string().max(32).optional()),
  /** Words matched (all of them, case-insensitively) against name, description, tags, key. */
  q: z.preprocess(blank, z.string().max(200).optional()),
  /** `1` to add each repository's metadata summary without filtering. */
  metadata: z.enum(['1', 'true']).optional(),
});
export type RepoFilterQuery = z.infer<typeof RepoFilterQuerySchema>;

/** The small per-repository summary kept for cheap listing (latest version on the default branch). */
export const RepoMetadataSummarySchema = z.object({
  commit_id: z.string(),
  branch: z.string().nullable(),
  bpm: z.number().optional(),
  key_signature: z.string().optional(),
  time_signature: z.string().optional(),
  sample_rate: z.number().int().optional(),
  track_count: z.number().int().optional(),
  tags: z.array(z.string()).optional(),
  project: z.string().optional(),
  updated_at: z.string(),
});
export type RepoMetadataSummary = z.infer<typeof RepoMetadataSummarySchema>;

/** One Logic project in a folder the hub watches on its own machine (`GET /api/local/projects`). */
export const LocalProjectSchema = z.object({
  path: z.string(),
  name: z.string(),
  metadata: LogicMetadataSchema.nullable(),
  /** When Logic last wrote the project's state files (RFC 3339), if known. */
  saved_at: z.string().nullable(),
  /** The hub repository it syncs with: from its store's remote, else by name on this hub. */
  repo: z
    .object({
      namespace: z.string(),
      name: z.string(),
      url: z.string().optional(),
      via: z.enum(['remote', 'name']),
      on_this_hub: z.boolean(),
    })
    .nullable(),
  /** That repository's lock on this hub (null when free or unknown). */
  lock: z
    .object({
      username: z.string(),
      user: z.string(),
      machine_id: z.string(),
      expires_at: z.string(),
    })
    .nullable(),
  error: z.string().optional(),
});
export type LocalProject = z.infer<typeof LocalProjectSchema>;

/** `GET .../metadata/diff`: what changed between two versions, as data and in words. */
export const MetadataDiffResponseSchema = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.array(
    z.object({
      field: z.string(),
      from: z.unknown().optional(),
      to: z.unknown().optional(),
      added: z.array(z.string()).optional(),
      removed: z.array(z.string()).optional(),
      text: z.string(),
    }),
  ),
  text: z.string(),
});

export const LocalProjectsResponseSchema = z.object({
  watching: z.array(z.string()),
  ready: z.boolean(),
  projects: z.array(LocalProjectSchema),
});

/** The hub answers INVALID_COMMIT_ID for a `:commit` that CommitIdParamSchema refuses. */
const MetadataParamsSchema = RepoParamsSchema.extend({ commit: z.string() });

export const metadataRoutes = {
  /** Registered before `get`, which would otherwise refuse "diff" as a commit id. */
  diff: defineRoute({
    method: 'GET',
    path: METADATA_DIFF_PATH,
    params: RepoParamsSchema,
    query: MetadataDiffQuerySchema,
    response: MetadataDiffResponseSchema,
    kind: 'json',
  }),
  get: defineRoute({
    method: 'GET',
    path: METADATA_PATH,
    params: MetadataParamsSchema,
    response: VersionMetadataSchema,
    kind: 'json',
  }),
  /** 200 when the version is on the hub, 202 while it is not (kept, attached when it arrives). */
  post: defineRoute({
    method: 'POST',
    path: METADATA_PATH,
    params: MetadataParamsSchema,
    body: ClientMetadataBodySchema,
    bodyLimit: 64 * 1024,
    response: VersionMetadataSchema.extend({ attached: z.boolean() }),
    kind: 'json',
  }),
  localProjects: defineRoute({
    method: 'GET',
    path: LOCAL_PROJECTS_PATH,
    response: LocalProjectsResponseSchema,
    kind: 'json',
  }),
};
