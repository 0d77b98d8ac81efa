import { chmod, lstat, mkdir, readdir, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import type { Tree, TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { assertFitsDisk } from './casefold.js';
import { isEnoent } from './fsutil.js';
import { isSystemLitter } from './ignore.js';
import { restoreFile, WORK_TMP_PREFIX } from './restore.js';
import { acquireLock } from './lockfile.js';
import { entryFor, fileEntry, scanWorkDir, type ScanEntry } from './scan.js';
import { sameAsEntry, workStatus } from './status.js';
import type { Store } from './store.js';
import { nowNs, WorkIndex } from './workindex.js';
import {
  clearPendingCheckout,
  interruptedBy,
  interruptedError,
  readPendingCheckout,
  writePendingCheckout,
  type PendingCheckout,
} from './pending.js';

export { WORK_TMP_PREFIX } from './restore.js';

export interface CheckoutResult {
  commit: string;
  branch: string | null;
  written: number;
  removed: number;
  /** A detached HEAD's version that no branch reaches, left behind: gc would remove it. */
  leftBehind?: string;
}

/** Whether any branch reaches `id` (walking each branch's history once). */
async function onSomeBranch(store: Store, id: string): Promise<boolean> {
  const seen = new Set<string>();
  const stack = store.listBranches().map((b) => b.commit_id);
  while (stack.length > 0) {
    const c = stack.pop()!;
    if (c === id) return true;
    if (seen.has(c)) continue;
    seen.add(c);
    stack.push(...(await store.readCommit(c).catch(() => ({ parent_ids: [] }))).parent_ids);
  }
  return false;
}

export interface CheckoutOptions {
  force?: boolean;
  /** Progress: bytes of files to write, then bytes written. */
  onTotal?: (bytes: number) => void;
  onBytes?: (bytes: number) => void;
}

/** Remove a file the version does not have; one already gone is fine, one that stays is an error. */
async function removeFile(abs: string): Promise<void> {
  await unlink(abs).catch((e: unknown) => {
    if (!isEnoent(e)) throw e;
  });
}

async function removeEntry(abs: string, kind: ScanEntry['kind']): Promise<void> {
  if (kind === 'dir') await rm(abs, { recursive: true, force: true });
  else await removeFile(abs);
}

/**
 * Remove a folder the version no longer has. Ignored files of the user keep it (and what is in
 * it); Finder's files alone do not, they go with it.
 */
async function removeFolder(abs: string): Promise<void> {
  try {
    await rmdir(abs);
    return;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    // One that may not be removed (its permissions, locked) is an error, as for a file.
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw e;
  }
  const names = await readdir(abs).catch(() => [] as string[]);
  if (names.length === 0 || !names.every(isSystemLitter)) return;
  for (const n of names) await unlink(`${abs}/${n}`).catch(() => {});
  await rmdir(abs).catch(() => {});
}

/** Whether a working file holds the entry's bytes, whatever its mode (the index vouches, else it is read). */
async function sameBytes(workDir: string, s: ScanEntry, e: TreeEntry, index: WorkIndex) {
  const known = index.lookup(s);
  if (known) return known.content_id === e.content_id && known.size === e.size;
  return sameAsEntry(workDir, { ...s, mode: e.mode }, e, null);
}

/** A folder the scan did not see (an ignored one) may already be there: it is kept. */
async function makeFolder(abs: string, path: string): Promise<void> {
  try {
    await mkdir(abs, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (!(await lstat(abs)).isDirectory()) {
      throw new AuxinError(
        'CONFLICT',
        `${path}: an ignored file is where this version has a folder`,
        {
          path,
        },
      );
    }
  }
}

/**
 * Remove the temporary files a killed checkout left (ignored, so nothing else ever would) from
 * the folders this version writes into. The commit lock keeps any other checkout out meanwhile.
 */
async function removeLeftovers(workDir: string, tree: Tree): Promise<void> {
  const folders = ['', ...tree.entries.filter((e) => e.kind === 'dir').map((e) => e.path)];
  for (const f of folders) {
    const abs = f ? `${workDir}/${f}` : workDir;
    const names = await readdir(abs).catch(() => [] as string[]);
    for (const n of names) {
      if (n.startsWith(WORK_TMP_PREFIX)) await unlink(`${abs}/${n}`).catch(() => {});
    }
  }
}

/** Test hooks: after writing N files, kill this process (for real) or fail as a full disk would. */
const KILL_AFTER = Number(process.env.AUXIN_TEST_CHECKOUT_KILL_AFTER ?? 0);
const FAIL_AFTER = Number(process.env.AUXIN_TEST_CHECKOUT_FAIL_AFTER ?? 0);

/**
 * Write `tree` into the working folder: remove `remove` (deepest first), write every entry that
 * differs from `working` (the folder's entries as found, by path), set folder modes, and save a
 * fresh change-detection index. The caller has checked that nothing here is a local change.
 */
export async function applyTree(
  store: Store,
  workDir: string,
  tree: Tree,
  working: Map<string, ScanEntry>,
  remove: ScanEntry[],
  opts: CheckoutOptions,
  /** The index as the caller loaded it: it holds every file's chunk list, a second copy of the tree. */
  loaded?: WorkIndex,
): Promise<{ written: number; removed: number }> {
  const index = loaded ?? (await WorkIndex.load(`${store.root}/index`));
  let removed = 0;
  let written = 0;
  const wrote = () => {
    written++;
    if (written === KILL_AFTER) process.kill(process.pid, 'SIGKILL');
    if (written === FAIL_AFTER) throw new Error('ENOSPC: no space left on device (test)');
  };
  opts.onTotal?.(tree.entries.reduce((a, e) => a + (e.kind === 'file' ? e.size : 0), 0));
  await removeLeftovers(workDir, tree);
  for (const s of [...remove].reverse()) {
    const abs = `${workDir}/${s.path}`;
    if (s.kind === 'dir') await removeFolder(abs);
    else await removeFile(abs);
    removed++;
  }
  for (const e of tree.entries) {
    const abs = `${workDir}/${e.path}`;
    let s = working.get(e.path);
    if (s && s.kind !== e.kind) {
      await removeEntry(abs, s.kind);
      s = undefined;
    }
    if (e.kind === 'dir') {
      if (!s) await makeFolder(abs, e.path);
    } else if (e.kind === 'symlink') {
      if (s && s.target === e.target) continue;
      if (s) await unlink(abs);
      await symlink(e.target!, abs);
      wrote();
    } else {
      if (s && (await sameAsEntry(workDir, s, e, index))) {
        opts.onBytes?.(e.size);
        continue;
      }
      if (s && s.mode !== e.mode && (await sameBytes(workDir, s, e, index))) {
        // Only the permission bits differ (the executable bit): a chmod, not a rewrite of
        // gigabytes of audio (nor a new inode under an application holding the file open).
        await chmod(abs, e.mode);
        opts.onBytes?.(e.size);
        wrote();
        continue;
      }
      await restoreFile(store, e, abs, opts.onBytes);
      wrote();
    }
  }
  // Folder modes last, deepest first: a read-only folder must not block writing its content.
  for (const e of [...tree.entries].reverse()) {
    if (e.kind === 'dir') await chmod(`${workDir}/${e.path}`, e.mode);
  }
  const fresh = new WorkIndex(`${store.root}/index`);
  const now = nowNs();
  for (const e of tree.entries) {
    if (e.kind !== 'file') continue;
    const st = await lstat(`${workDir}/${e.path}`, { bigint: true });
    fresh.record(fileEntry(e.path, st), e, now);
  }
  await fresh.save(store.objects.tmpDir);
  return { written, removed };
}

/**
 * Of the paths that differ from HEAD after an interrupted checkout, those that do not hold what
 * the version being checked out has there (an edit made since, or a new file): never overwritten.
 */
async function notYetThere(
  store: Store,
  workDir: string,
  tree: Tree,
  working: Map<string, ScanEntry>,
  changed: string[],
): Promise<string[]> {
  const index = await WorkIndex.load(`${store.root}/index`);
  const wanted = new Map(tree.entries.map((e) => [e.path, e]));
  const out: string[] = [];
  for (const path of changed) {
    const s = working.get(path);
    const e = wanted.get(path);
    if (!s) continue; // removed: the checkout's doing, or restored from the version
    if (!e || !(await sameAsEntry(workDir, s, e, index))) out.push(path);
  }
  return out;
}

/**
 * Files and links of the version whose path holds an ignored entry (the scan does not see it)
 * with other content: the user's own, which a checkout must not replace without --force.
 */
async function ignoredInTheWay(
  store: Store,
  workDir: string,
  tree: Tree,
  working: Map<string, ScanEntry>,
): Promise<string[]> {
  const index = await WorkIndex.load(`${store.root}/index`);
  const out: string[] = [];
  for (const e of tree.entries) {
    if (e.kind === 'dir' || working.has(e.path)) continue;
    // Under a link or a file the scan saw, nothing is looked at: that path is a change already.
    const parent = working.get(e.path.slice(0, Math.max(0, e.path.lastIndexOf('/'))));
    if (parent && parent.kind !== 'dir') continue;
    let st;
    try {
      st = await lstat(`${workDir}/${e.path}`, { bigint: true });
    } catch {
      continue; // nothing there (or under a file in the way, which the checkout reports)
    }
    const s = await entryFor(workDir, e.path, st);
    if (typeof s === 'string' || !(await sameAsEntry(workDir, s, e, index))) out.push(e.path);
  }
  return out;
}

/**
 * Make the working folder exactly the given version. Links in the working folder are never
 * written through: an entry whose kind differs is removed first (a link is unlinked, not
 * followed), and the tree's own rules guarantee every parent of a path is a folder entry.
 */
export async function checkoutWorkDir(
  store: Store,
  workDir: string,
  rev: string,
  opts: CheckoutOptions,
): Promise<CheckoutResult> {
  const release = await acquireLock(`${store.root}/locks/commit.lock`, {
    waitMs: 0,
    what: 'a commit',
  });
  try {
    let pending: PendingCheckout | null;
    try {
      pending = readPendingCheckout(store.root);
    } catch (e) {
      // --force gives the interrupted checkout up, so it gives up a damaged record too.
      if (!opts.force) throw e;
      pending = null;
    }
    const commitId = await store.resolve(rev);
    let isBranch = false;
    try {
      isBranch = store.readRef(rev) === commitId;
    } catch {
      isBranch = false;
    }
    const record: PendingCheckout = {
      branch: isBranch ? rev : '',
      from: store.head().commit,
      to: commitId,
      checkout: rev,
    };
    // The same checkout again finishes one that was cut short; anything else needs --force.
    const finishing =
      pending?.checkout !== undefined &&
      pending.to === commitId &&
      pending.branch === record.branch;
    if (pending && !finishing && !opts.force) throw interruptedError(pending);
    const tree = await store.readTree((await store.readCommit(commitId)).tree_id);
    // On a Mac's disk Take.wav would silently replace take.wav: refused before any write.
    await assertFitsDisk(
      workDir,
      tree.entries.map((e) => e.path),
    );
    const scan = await scanWorkDir(workDir);
    const working = new Map(scan.entries.map((s) => [s.path, s]));
    if (!opts.force) {
      const st = await workStatus(store, workDir);
      const changed = [...st.modified, ...st.added, ...st.removed];
      // Finishing, a change is the checkout's own when the path already holds this version.
      const paths = finishing ? await notYetThere(store, workDir, tree, working, changed) : changed;
      paths.push(...(await ignoredInTheWay(store, workDir, tree, working)));
      if (paths.length > 0) {
        throw new AuxinError(
          'UNCOMMITTED_CHANGES',
          `uncommitted changes in ${paths.length} path(s) (${paths.slice(0, 3).join(', ')}); commit them or use --force`,
          { paths },
        );
      }
    }
    const wanted = new Set(tree.entries.map((e) => e.path));
    const remove = scan.entries.filter((s) => !wanted.has(s.path));
    // Recorded before the first file changes: a crash leaves a mix that must not pass for edits.
    if (!finishing) await writePendingCheckout(store.root, record);
    let done: { written: number; removed: number };
    try {
      done = await applyTree(store, workDir, tree, working, remove, opts);
    } catch (e) {
      // Cut short (a full disk, a damaged chunk): the error says how to finish, as a pull's does.
      throw interruptedBy(e, record);
    }
    const { written, removed } = done;
    const before = store.head();
    if (isBranch) await store.refs.setHead({ branch: rev });
    else await store.refs.setHead({ commit: commitId });
    // The folder is now exactly this version (a forced checkout also abandons a pull's record).
    await clearPendingCheckout(store.root);
    const left =
      !before.branch && before.commit && before.commit !== commitId ? before.commit : null;
    const leftBehind = left && !(await onSomeBranch(store, left)) ? left : undefined;
    return { commit: commitId, branch: isBranch ? rev : null, written, removed, leftBehind };
  } finally {
    await release();
  }
}
