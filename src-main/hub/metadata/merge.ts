/**
 * How a version's metadata is put together from its three sources (pure; see docs/api.md).
 * For the musical facts (bpm, sample_rate, key_signature, time_signature, track_count) the hub's
 * own reading of the stored version wins, then the reading `auxin commit` stored in the commit,
 * then what a client posted: the first two describe exactly the bytes that were stored, while a
 * post may come from an older parser or before a later save. `tags` and `custom` only ever come
 * from a client. The raw post stays available under `client`.
 */
import type {
  LogicMetadata,
  MetadataSource,
  RepoMetadataSummary,
  VersionMetadata,
} from '../../../src-shared/api/metadata.js';
import { LogicMetadataSchema } from '../../../src-shared/api/metadata.js';
import type { ClientRecord, VersionRecord } from './files.js';

/** The commit's own `metadata` when it is a reader result (auxin commit), else undefined. */
export function commitReading(meta: unknown): LogicMetadata | undefined {
  if (!meta || typeof meta !== 'object' || Object.keys(meta).length === 0) return undefined;
  const parsed = LogicMetadataSchema.safeParse(meta);
  return parsed.success ? parsed.data : undefined;
}

type Scalar = 'bpm' | 'sample_rate' | 'key_signature' | 'time_signature' | 'track_count';
const SCALARS: Scalar[] = ['bpm', 'sample_rate', 'key_signature', 'time_signature', 'track_count'];

export function mergeVersion(
  commitId: string,
  received: boolean,
  rec: VersionRecord | null,
  fromCommit: LogicMetadata | undefined,
  pending: ClientRecord | null = null,
): VersionMetadata {
  const client = rec?.client ?? pending ?? undefined;
  const extracted = rec?.extracted ?? undefined;
  const out: VersionMetadata = { commit_id: commitId, received, sources: {} };
  const layers: Array<[MetadataSource, Partial<Record<Scalar, unknown>> | undefined]> = [
    ['extracted', extracted],
    ['commit', fromCommit],
    ['client', client],
  ];
  for (const field of SCALARS) {
    for (const [source, layer] of layers) {
      const v = layer?.[field];
      if (v === undefined || v === null) continue;
      (out as Record<string, unknown>)[field] = v;
      out.sources[field] = source;
      break;
    }
  }
  if (client?.tags) {
    out.tags = client.tags;
    out.sources.tags = 'client';
  }
  if (client?.custom) {
    out.custom = client.custom;
    out.sources.custom = 'client';
  }
  const logic = extracted ?? fromCommit;
  if (logic) {
    out.logic = logic;
    out.sources.logic = extracted ? 'extracted' : 'commit';
  }
  if (client) {
    const { posted_by: _by, posted_as: _as, ...wire } = client;
    out.client = wire;
  }
  if (rec?.extract_error) out.extract_error = rec.extract_error;
  return out;
}

/** True when the merged view holds anything worth showing. */
export function hasMetadata(v: VersionMetadata): boolean {
  return Object.keys(v.sources).length > 0;
}

export function summaryOf(
  v: VersionMetadata,
  branch: string | null,
  now = new Date(),
): RepoMetadataSummary {
  const s: RepoMetadataSummary = {
    commit_id: v.commit_id,
    branch,
    updated_at: now.toISOString(),
  };
  if (v.bpm !== undefined) s.bpm = v.bpm;
  if (v.key_signature !== undefined) s.key_signature = v.key_signature;
  if (v.time_signature !== undefined) s.time_signature = v.time_signature;
  if (v.sample_rate !== undefined) s.sample_rate = v.sample_rate;
  if (v.track_count !== undefined) s.track_count = v.track_count;
  if (v.tags) s.tags = v.tags;
  if (v.logic?.name) s.project = v.logic.name;
  return s;
}

/** The fields a commit listing carries (the full reading stays on `.../metadata/{commit}`). */
export function listingView(v: VersionMetadata): Omit<VersionMetadata, 'logic' | 'client'> {
  const { logic: _l, client: _c, ...rest } = v;
  return rest;
}
