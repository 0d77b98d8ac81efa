import { z } from 'zod';

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
