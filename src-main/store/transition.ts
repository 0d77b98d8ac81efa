/**
 * Moving the checked-out branch to a new version together with its working folder (pull,
 * clone), safe to interrupt at any point. The intent is recorded before the first file changes
 * (pending.ts); until the branch has moved, each path holds the old version, the new one, or
 * nothing, so a later run can tell the half-written files from the user's own edits.
 */
import { lstat, readdir } from 'node:fs/promises';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { assertFitsDisk } from './casefold.js';
import { applyTree, type CheckoutOptions } from './checkout.js';
import { acquireLock } from './lockfile.js';
import {
  clearPendingCheckout,
  interruptedBy,
  interruptedError,
  interruptedMessage,
  readPendingCheckout,
  writePendingCheckout,
  type PendingCheckout,
} from './pending.js';
import { entryFor, type ScanEntry } from './scan.js';
import { sameAsEntry } from './status.js';
import type { Store } from './store.js';
import { WorkIndex } from './workindex.js';

export type Transition = PendingCheckout;

async function entriesOf(store: Store, commit: string | null): Promise<TreeEntry[]> {
  if (!commit) return [];
  return (await store.readTree((await store.readCommit(commit)).tree_id)).entries;
}

/** What is at `path` in the working folder, never following a link at the path itself. */
async function lookAt(workDir: string, path: string): Promise<ScanEntry | 'other' | null> {
  let st;
  try {
    st = await lstat(`${workDir}/${path}`, { bigint: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
  const entry = await entryFor(workDir, path, st);
  return typeof entry === 'string' ? 'other' : entry;
}

export interface TransitionPlan {
  to: { entries: TreeEntry[] };
  working: Map<string, ScanEntry>;
  remove: ScanEntry[];
  /** Paths holding neither version: local changes (ignored files included) the move must keep. */
  conflicts: string[];
  /** The change-detection index the plan looked at, for the checkout to use again. */
  index: WorkIndex;
}

/**
 * Look at every path of either version, ignore rules or not: a path is safe to write or remove
 * only if it holds the `from` version, the `to` version, or nothing (before a pull: nothing only
 * where `from` has no entry, so a deleted file is a change). Nothing is written here.
 */
export async function planTransition(
  store: Store,
  workDir: string,
  fromEntries: TreeEntry[],
  toEntries: TreeEntry[],
  opts: { resuming: boolean },
): Promise<TransitionPlan> {
  // Before anything is downloaded or written: on a Mac's disk, Take.wav would replace take.wav.
  if (!opts.resuming)
    await assertFitsDisk(
      workDir,
      toEntries.map((e) => e.path),
    );
  const old = new Map(fromEntries.map((e) => [e.path, e]));
  const wanted = new Map(toEntries.map((e) => [e.path, e]));
  const index = await WorkIndex.load(`${store.root}/index`);
  const working = new Map<string, ScanEntry>();
  const remove: ScanEntry[] = [];
  const conflicts: string[] = [];
  const paths = [...new Set([...fromEntries, ...toEntries].map((e) => e.path))];
  for (const path of paths) {
    const s = await lookAt(workDir, path);
    const [f, t] = [old.get(path), wanted.get(path)];
    if (s === null) {
      // Before a pull, a missing path of both versions is the user's deletion; after a cut,
      // it may be the pull's own (a kind change removes the entry before writing it).
      if (f && t && !opts.resuming) conflicts.push(path);
      continue;
    }
    if (s === 'other') {
      conflicts.push(path);
      continue;
    }
    let safe: boolean;
    if (s.kind === 'dir') {
      // A folder stays when a folder is wanted or the old version had one (only its own files
      // go); it may be replaced by a file only if everything in it belongs to the old version.
      safe =
        t?.kind === 'dir' || (f?.kind === 'dir' && (!t || (await onlyOld(workDir, path, old))));
    } else {
      safe =
        (t !== undefined && (await sameAsEntry(workDir, s, t, index))) ||
        (f !== undefined && (await sameAsEntry(workDir, s, f, index)));
    }
    if (!safe) conflicts.push(path);
    else if (t) working.set(path, s);
    else remove.push(s);
  }
  return { to: { entries: toEntries }, working, remove, conflicts, index };
}

/** The plan of `t` between two stored versions. */
async function planMove(store: Store, workDir: string, t: Transition, resuming: boolean) {
  const [from, to] = [await entriesOf(store, t.from), await entriesOf(store, t.to)];
  return planTransition(store, workDir, from, to, { resuming });
}

async function onlyOld(workDir: string, dir: string, old: Map<string, TreeEntry>) {
  const names = await readdir(`${workDir}/${dir}`, { recursive: true });
  return names.every((n) => old.has(`${dir}/${n}`));
}

function conflictError(paths: string[], advice: string): AuxinError {
  const shown = paths.slice(0, 3).join(', ') + (paths.length > 3 ? ', ...' : '');
  return new AuxinError(
    'UNCOMMITTED_CHANGES',
    `local changes in ${paths.length} path(s) would be overwritten (${shown}); ${advice}`,
    { paths: paths.slice(0, 50) },
  );
}

export function pullConflict(paths: string[]): AuxinError {
  return conflictError(paths, 'commit them, or move them out of the project, then pull again');
}

/**
 * Refuse, before anything is downloaded or written, a pull of `to` that would overwrite local
 * changes: the same rule as `switchVersion`, for a tree not stored yet.
 */
export async function assertSafeToSwitch(
  store: Store,
  workDir: string,
  from: string | null,
  toEntries: TreeEntry[],
): Promise<void> {
  const plan = await planTransition(store, workDir, await entriesOf(store, from), toEntries, {
    resuming: false,
  });
  if (plan.conflicts.length) throw pullConflict(plan.conflicts);
}

/** Write the planned version, move the branch, then drop the record. */
async function complete(
  store: Store,
  workDir: string,
  t: Transition,
  plan: TransitionPlan,
  opts: CheckoutOptions,
): Promise<void> {
  try {
    await applyTree(store, workDir, plan.to, plan.working, plan.remove, opts, plan.index);
    await store.casRef(t.branch, t.from, t.to);
    if (store.head().branch !== t.branch) await store.refs.setHead({ branch: t.branch });
  } catch (e) {
    throw interruptedBy(e, t);
  }
  await clearPendingCheckout(store.root);
}

function lockCheckout(store: Store) {
  return acquireLock(`${store.root}/locks/commit.lock`, { waitMs: 0, what: 'a commit' });
}

/** Move the checked-out branch `t.branch` from `t.from` to `t.to`, files first. */
export async function switchVersion(
  store: Store,
  workDir: string,
  t: Transition,
  opts: CheckoutOptions = {},
): Promise<void> {
  const release = await lockCheckout(store);
  try {
    const pending = readPendingCheckout(store.root);
    if (pending) throw interruptedError(pending);
    const plan = await planMove(store, workDir, t, false);
    if (plan.conflicts.length) throw pullConflict(plan.conflicts);
    await writePendingCheckout(store.root, t);
    await complete(store, workDir, t, plan, opts);
  } finally {
    await release();
  }
}

/** Finish a checkout a killed or failed pull left half-done; null when there is none. */
export async function finishPendingCheckout(
  store: Store,
  workDir: string,
  opts: CheckoutOptions = {},
): Promise<Transition | null> {
  const release = await lockCheckout(store);
  try {
    const t = readPendingCheckout(store.root);
    if (!t) return null;
    // A local checkout's record: `auxin checkout` finishes it, a pull must not move a branch.
    if (t.checkout !== undefined) throw interruptedError(t);
    const ref = store.readRef(t.branch);
    if (ref === t.to) {
      // Killed after the branch moved: only the record was left.
      await clearPendingCheckout(store.root);
      return t;
    }
    if (ref !== t.from) {
      throw new AuxinError(
        'CONFLICT',
        `${interruptedMessage(t)}, but '${t.branch}' has moved since; run \`auxin checkout ${t.branch} --force\` to give it up`,
      );
    }
    const plan = await planMove(store, workDir, t, true);
    if (plan.conflicts.length) {
      throw conflictError(
        plan.conflicts,
        `they hold neither the version before the interrupted pull nor the one it was writing: ` +
          `move them out of the project and run \`auxin pull\` again, or run ` +
          `\`auxin checkout ${t.branch} --force\` to give up the pull (and those edits)`,
      );
    }
    await complete(store, workDir, t, plan, opts);
    return t;
  } finally {
    await release();
  }
}
