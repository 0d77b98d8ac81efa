import { z } from 'zod';

/**
 * The versioned objects shared by the store, the hub's API and every client.
 * Ids are lowercase hex BLAKE3 (64 chars) of an object's canonical bytes (sorted keys, no
 * whitespace, UTF-8); chunk ids are BLAKE3 of the chunk's bytes.
 */
export const ObjectId = z.string().regex(/^[0-9a-f]{64}$/, 'a 64-char lowercase hex id');

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
