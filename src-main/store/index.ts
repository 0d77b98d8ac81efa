/** The versioned store: the one import for the hub, the sync client and the CLI. */
export { Store, type Head, type ObjectKind } from './store.js';
export type { CommitOptions, CommitResult } from './commit.js';
export { commitObjectBytes, treeObjectBytes } from './commit.js';
export type { CheckoutOptions, CheckoutResult } from './checkout.js';
export type { WorkStatus } from './status.js';
export type { TreeDiff, DiffEntry, ChangedEntry } from './diff.js';
export { diffTrees } from './diff.js';
export type { FsckOptions, FsckReport, FsckProblem } from './fsck.js';
export type { GcOptions, GcReport, StoreStats } from './gc.js';
export {
  Cutter,
  DEFAULT_CHUNK_PARAMS,
  chunkFile,
  chunkBuffer,
  type ChunkParams,
} from './chunker.js';
export { blake3Hex, createHasher, hashBackend, type Hasher } from './hash.js';
export { canonicalBytes, canonicalJson, comparePaths } from './canonical.js';
export {
  treePathProblem,
  branchNameProblem,
  isBundleName,
  bundleStoreName,
  normalisationLabels,
} from './paths.js';
export { parseCommitBytes, parseTreeBytes, treeProblem } from './objects.js';
export { IgnoreRules, DEFAULT_IGNORES } from './ignore.js';
export { caseCollisions, describeCollisions } from './casefold.js';
export { isStoreRoot, orphanAdvice, storeRootFor } from './layout.js';
export { interruptedMessage, readPendingCheckout, type PendingCheckout } from './pending.js';
