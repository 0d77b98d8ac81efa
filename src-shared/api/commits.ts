import { z } from 'zod';

/**
 * The versioned objects shared by the store, the hub's API and every client.
 * Ids are lowercase hex BLAKE3 (64 chars) of an object's canonical bytes (sorted keys, no
 * whitespace, UTF-8); chunk ids are BLAKE3 of the chunk's bytes.
 */
export const ObjectId = z.string().regex(/^[0-9a-f]{64}$/, 'a 64-char lowercase hex id');

/** A commit named by a prefix of its id, as a URL may (comments): lowercase hex. */
export const CommitIdPrefixSchema = z.string().regex(/^[0-9a-f]{4,128}$/, 'is not a commit id');

/**
 * Any 6 to 64 hex characters, either case, lowercased: the earlier client posts metadata for a
 * version before the version reaches the hub (`.../metadata/{commit}`).
 */
export const CommitIdParamSchema = z
  .string()
  .regex(/^[0-9a-fA-F]{6,64}$/, 'must be 6 to 64 hexadecimal characters')
  .transform((s) => s.toLowerCase());

export const ChunkRef = z.strictObject({
  id: ObjectId,
  size: z.number().int().nonnegative(),
});
export type ChunkRef = z.infer<typeof ChunkRef>;

export const EntryKind = z.enum(['file', 'dir', 'symlink']);
export type EntryKind = z.infer<typeof EntryKind>;

export const TreeEntry = z.strictObject({
  /** POSIX, relative to the working folder, exactly the bytes the filesystem gave (UTF-8). */
  path: z.string().min(1),
  kind: EntryKind,
  /** Permission bits (mode & 0o777); the executable bit is what matters. */
  mode: z.number().int().min(0).max(0o7777),
  size: z.number().int().nonnegative(),
  /** BLAKE3 of the whole file content (files only). */
  content_id: ObjectId.optional(),
  /** The file's content, in order (files only). */
  chunks: z.array(ChunkRef).optional(),
  /** The link's target as stored, never resolved (symlinks only). */
  target: z.string().optional(),
});
export type TreeEntry = z.infer<typeof TreeEntry>;

/** A flat list of entries sorted by the UTF-8 bytes of their paths; every parent folder is listed. */
export const Tree = z.strictObject({
  entries: z.array(TreeEntry),
});
export type Tree = z.infer<typeof Tree>;

const ID = /^[0-9a-f]{64}$/;
const ENTRY_KEYS = new Set(['path', 'kind', 'mode', 'size', 'content_id', 'chunks', 'target']);
const KINDS = new Set(['file', 'dir', 'symlink']);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, max = Number.MAX_SAFE_INTEGER): boolean =>
  Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) <= max;

function isChunkRef(v: unknown): boolean {
  if (!isRecord(v) || Object.keys(v).length !== 2) return false;
  return typeof v.id === 'string' && ID.test(v.id) && isCount(v.size);
}

function isTreeEntry(v: unknown): boolean {
  if (!isRecord(v)) return false;
  for (const k of Object.keys(v)) if (!ENTRY_KEYS.has(k)) return false;
  if (typeof v.path !== 'string' || v.path.length === 0) return false;
  if (typeof v.kind !== 'string' || !KINDS.has(v.kind)) return false;
  if (!isCount(v.mode, 0o7777) || !isCount(v.size)) return false;
  if ('content_id' in v && !(typeof v.content_id === 'string' && ID.test(v.content_id))) {
    return false;
  }
  if ('target' in v && typeof v.target !== 'string') return false;
  if ('chunks' in v) {
    if (!Array.isArray(v.chunks)) return false;
    for (const c of v.chunks) if (!isChunkRef(c)) return false;
  }
  return true;
}

/**
 * What `Tree.safeParse` accepts, checked by hand on parsed JSON: on a 1 GiB project's tree zod
 * takes 24 ms in a fresh process (every `auxin` command reads trees), this 4 ms. Never looser
 * than the schema (a unit test holds the two to the same verdicts); a `false` is answered by the
 * schema itself, for its message.
 */
export function isTree(v: unknown): v is Tree {
  if (!isRecord(v) || !Array.isArray(v.entries)) return false;
  for (const k of Object.keys(v)) if (k !== 'entries') return false;
  for (const e of v.entries) if (!isTreeEntry(e)) return false;
  return true;
}

/** The stored body of a commit (what its id hashes). */
export const CommitBody = z.strictObject({
  parent_ids: z.array(ObjectId),
  tree_id: ObjectId,
  message: z.string(),
  author: z.string(),
  /** RFC 3339, UTC. */
  timestamp: z.iso.datetime({ offset: true }),
  /** Free metadata (the Logic project summary goes here). */
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type CommitBody = z.infer<typeof CommitBody>;

export const Commit = CommitBody.extend({ id: ObjectId });
export type Commit = z.infer<typeof Commit>;

export const Branch = z.strictObject({ name: z.string(), commit_id: ObjectId });
export type Branch = z.infer<typeof Branch>;
