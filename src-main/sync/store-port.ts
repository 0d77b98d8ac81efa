/**
 * What the sync protocol needs from a store, on both ends. The real Store (src-main/store/)
 * satisfies it; keeping the list here documents exactly which store operations sync relies on.
 */

type MaybePromise<T> = T | Promise<T>;

/** The parts of a commit and a tree that sync looks at (see src-shared/api/commits.ts). */
export interface SyncCommit {
  parent_ids: string[];
  tree_id: string;
}
export interface SyncTree {
  entries: { path: string; kind: string; size: number; chunks?: { id: string; size: number }[] }[];
}
export type ObjectKind = 'commit' | 'tree';

export interface ChunkSink {
  /**
   * `bytes` whole or in the pieces they arrived in. `stored`: a raw DEFLATE known to inflate to
   * `bytes`, kept as the stored form if it pays, or `'raw'`: kept raw without a probe.
   */
  add(id: string, bytes: Buffer | readonly Buffer[], stored?: Buffer | 'raw'): Promise<boolean>;
  seal(): Promise<void>;
  abort(): Promise<void>;
  readonly count: number;
}

export interface SyncStore {
  readonly root: string;
  listBranches(): MaybePromise<{ name: string; commit_id: string }[]>;
  readRef(branch: string): MaybePromise<string | null>;
  casRef(branch: string, expectedOld: string | null, next: string): MaybePromise<void>;
  readCommit(id: string): MaybePromise<SyncCommit>;
  hasCommit(id: string): MaybePromise<boolean>;
  hasTree(id: string): MaybePromise<boolean>;
  readTree(id: string): MaybePromise<SyncTree>;
  readObjectBytes(kind: ObjectKind, id: string): MaybePromise<Buffer>;
  putObjectBytes(kind: ObjectKind, id: string, bytes: Buffer): MaybePromise<void>;
  missingChunks(ids: string[]): MaybePromise<string[]>;
  /** One pack: `add` verifies a chunk's hash (false when already stored); `seal` makes the
   * added chunks durable and visible; `abort` drops them. */
  chunkWriter(): ChunkSink;
  readChunk(id: string): MaybePromise<Buffer>;
  /** Null when the stored chunk is whole and matches its id, else what is wrong. */
  verifyChunk(id: string): MaybePromise<string | null>;
  /**
   * Raw bytes of many chunks, in the order asked (read in runs where they lie together), into
   * `arena` while it has room.
   */
  readChunks(ids: string[], arena?: Buffer): AsyncIterable<[string, Buffer]>;
  /** The same in stored form (format byte + payload), into `arena` while it has room. */
  readStoredChunks(ids: string[], arena?: Buffer): AsyncIterable<[string, Buffer]>;
  sync(): MaybePromise<void>;
  /** Let go of open files (the repository is being deleted or replaced). */
  close?(): void;
}
