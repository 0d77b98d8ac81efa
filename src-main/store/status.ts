import { open } from 'node:fs/promises';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { createHasher } from './hash.js';
import { scanWorkDir, type ScanEntry } from './scan.js';
import type { Store } from './store.js';
import { nowNs, WorkIndex } from './workindex.js';
import { readPendingCheckout, type PendingCheckout } from './pending.js';

/** How the working folder differs from HEAD. Paths are POSIX, relative, as stored. */
export interface WorkStatus {
  root: string;
  workDir: string;
  branch: string | null;
  commit: string | null;
  added: string[];
  modified: string[];
  removed: string[];
  skipped: { path: string; reason: string }[];
  clean: boolean;
  /** A pull whose checkout was cut short: some changes above are its, not the user's. */
  interrupted: PendingCheckout | null;
}

export async function hashFile(path: string): Promise<{ id: string; size: number }> {
  const fh = await open(path, 'r');
  try {
    const h = createHasher();
    const buf = Buffer.allocUnsafe(1024 * 1024);
    let size = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      h.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { id: h.digestHex(), size };
  } finally {
    await fh.close();
  }
}

/** Whether the working entry holds what the tree entry says (reading the file only if needed). */
export async function sameAsEntry(
  workDir: string,
  s: ScanEntry,
  e: TreeEntry,
  index: WorkIndex | null,
): Promise<boolean> {
  if (s.kind !== e.kind || s.mode !== e.mode) return false;
  if (s.kind === 'dir') return true;
  if (s.kind === 'symlink') return s.target === e.target;
  if (s.size !== e.size) return false;
  const cached = index?.lookup(s);
  if (cached) return cached.content_id === e.content_id;
  const actual = await hashFile(`${workDir}/${s.path}`);
  return actual.id === e.content_id && actual.size === e.size;
}

export async function workStatus(store: Store, workDir: string): Promise<WorkStatus> {
  const head = store.head();
  const startNs = nowNs();
  const scan = await scanWorkDir(workDir);
  const index = await WorkIndex.load(`${store.root}/index`);
  let refreshed = false;
  const treeEntries = head.commit
    ? (await store.readTree((await store.readCommit(head.commit)).tree_id)).entries
    : [];
  const inTree = new Map(treeEntries.map((e) => [e.path, e]));
  const added: string[] = [];
  const modified: string[] = [];
  const seen = new Set<string>();
  for (const s of scan.entries) {
    seen.add(s.path);
    const e = inTree.get(s.path);
    if (!e) added.push(s.path);
    else if (!(await sameAsEntry(workDir, s, e, index))) modified.push(s.path);
    else if (s.kind === 'file' && !index.lookup(s)) {
      // Read and found unchanged (a project copied to another disk: new inodes and ctimes):
      // remembered, so the next status does not read the whole project again.
      index.record(s, e, startNs);
      refreshed = true;
    }
  }
  // A cache: a status that cannot write it (a read-only store) still answers.
  if (refreshed) await index.save(store.objects.tmpDir).catch(() => {});
  const removed = treeEntries.filter((e) => !seen.has(e.path)).map((e) => e.path);
  return {
    root: store.root,
    workDir,
    branch: head.branch,
    commit: head.commit,
    added,
    modified,
    removed,
    skipped: scan.skipped,
    clean: added.length + modified.length + removed.length === 0,
    interrupted: readPendingCheckout(store.root),
  };
}
