import type { Commit, CommitBody, Tree } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { canonicalBytes } from './canonical.js';
import { caseCollisions } from './casefold.js';
import { blake3Hex } from './hash.js';
import { acquireLock } from './lockfile.js';
import { loadIgnoreRules, scanWorkDir } from './scan.js';
import { snapshotEntries, type SnapshotStats } from './snapshot.js';
import type { Store } from './store.js';
import { nowNs, WorkIndex } from './workindex.js';
import { interruptedError, readPendingCheckout } from './pending.js';

export interface CommitOptions {
  message: string;
  author: string;
  /** Free metadata stored with the commit (the Logic project reader fills it). */
  metadata?: Record<string, unknown>;
  /** Commit even when the tree equals the parent's. */
  allowEmpty?: boolean;
  /** Progress: total bytes to look at, then bytes done. */
  onTotal?: (bytes: number) => void;
  onBytes?: (bytes: number) => void;
  /** Test hook: called after chunks are durable and before the ref moves. */
  beforeRefMove?: () => Promise<void>;
}

export interface CommitResult {
  commit: Commit;
  branch: string | null;
  stats: SnapshotStats & { files: number; logicalBytes: number };
  skipped: { path: string; reason: string }[];
  /** Paths a case-insensitive disk (a Mac's) would take for one: such a version is refused there. */
  caseCollisions: string[][];
}

export function commitObjectBytes(body: CommitBody): { id: string; bytes: Buffer } {
  const bytes = canonicalBytes(body);
  return { id: blake3Hex(bytes), bytes };
}

export function treeObjectBytes(tree: Tree): { id: string; bytes: Buffer } {
  const bytes = canonicalBytes(tree);
  return { id: blake3Hex(bytes), bytes };
}

/**
 * Record the working folder as a new commit. Order matters for crash safety: chunks, then the
 * tree, then the commit are written (temp + rename), made durable in one batch, and only then
 * does the branch move, by compare-and-swap. A crash before the move leaves unreferenced
 * objects that gc removes; the branch still names the previous commit.
 */
export async function commitWorkDir(
  store: Store,
  workDir: string,
  opts: CommitOptions,
): Promise<CommitResult> {
  if (typeof opts.message !== 'string' || opts.message.trim() === '') {
    throw new AuxinError('INVALID_ARGUMENT', 'a commit needs a message');
  }
  const release = await acquireLock(`${store.root}/locks/commit.lock`, {
    waitMs: 0,
    what: 'another commit or gc',
  });
  try {
    // The folder may hold a mix of two versions: never record it as the user's work.
    const pending = readPendingCheckout(store.root);
    if (pending) throw interruptedError(pending);
    const head = store.head();
    const startNs = nowNs();
    const scan = await scanWorkDir(workDir, await loadIgnoreRules(workDir));
    const index = await WorkIndex.load(`${store.root}/index`);
    const logicalBytes = scan.entries.reduce((a, e) => a + (e.kind === 'file' ? e.size : 0), 0);
    opts.onTotal?.(logicalBytes);
    const { entries, stats } = await snapshotEntries(
      workDir,
      scan.entries,
      index,
      store.objects,
      store.cutter,
      {
        startNs,
        onBytes: opts.onBytes,
      },
    );
    index.retain(new Set(entries.map((e) => e.path)));
    const tree = treeObjectBytes({ entries });
    if (head.commit && !opts.allowEmpty) {
      const parent = await store.readCommit(head.commit);
      if (parent.tree_id === tree.id) {
        await index.save(store.objects.tmpDir);
        throw new AuxinError(
          'NOTHING_TO_COMMIT',
          'nothing to commit: the working folder matches HEAD',
        );
      }
    }
    await store.objects.writeObjectTrusted('tree', tree.id, tree.bytes);
    const body: CommitBody = {
      parent_ids: head.commit ? [head.commit] : [],
      tree_id: tree.id,
      message: opts.message,
      author: opts.author,
      timestamp: new Date().toISOString(),
      metadata: opts.metadata ?? {},
    };
    const c = commitObjectBytes(body);
    await store.objects.writeObjectTrusted('commit', c.id, c.bytes);
    await store.sync();
    await opts.beforeRefMove?.();
    if (head.branch) await store.refs.casRef(head.branch, head.commit, c.id);
    else await store.refs.setHead({ commit: c.id }, head.commit ?? undefined);
    await index.save(store.objects.tmpDir);
    return {
      commit: { id: c.id, ...body },
      branch: head.branch,
      stats: { ...stats, files: entries.filter((e) => e.kind === 'file').length, logicalBytes },
      skipped: scan.skipped,
      caseCollisions: caseCollisions(entries.map((e) => e.path)),
    };
  } finally {
    await release();
  }
}
