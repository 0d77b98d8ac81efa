/**
 * Pull and clone: fetch the hub's branch, then fast-forward the local branch and its working
 * folder. Local changes are never overwritten: a pull that would touch them stops first, before
 * the chunks are downloaded when it can; untracked files the new version does not have stay.
 */
import { readdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { isAncestor } from '../sync/graph.js';
import { fetchBranch } from './fetch.js';
import { EarlyCheckout } from './early-checkout.js';
import { initStore, type LocalStore } from './local.js';
import { makeDirs } from '../store/fsutil.js';
import { isStoreRoot, storeRootFor } from '../store/layout.js';
import { parseTreeBytes } from '../store/objects.js';
import { assertSafeToSwitch, finishPendingCheckout, switchVersion } from '../store/transition.js';
import { addRemote, parseRemoteUrl } from './remotes.js';
import { divergedError, divergence, keepBranchName, keepMine } from './diverged.js';
import { push } from './push.js';
import {
  noProgress,
  type SessionOptions,
  type TransferStats,
  type SyncProgress,
  SyncSession,
} from './session.js';

export interface PullResult extends TransferStats {
  branch: string;
  old: string | null;
  new: string | null;
  up_to_date: boolean;
  /** Where the time went: the download into the store, then writing the working folder. */
  phases?: { fetch: number; checkout: number };
  /** Diverged histories resolved with `keep`: how (see diverged.ts). */
  resolved?: {
    keep: 'mine' | 'theirs';
    /** --keep-theirs: the branch your versions stay on, and whether the hub has it too. */
    kept_branch?: string;
    kept_pushed?: boolean;
    kept_push_error?: string;
  };
}

export interface PullOptions {
  branch: string;
  progress?: SyncProgress;
  /** The remote's name, for the advice in messages (default `origin`). */
  remote?: string;
  /** On diverged histories: keep your versions, or take the hub's (yours kept on a branch). */
  keep?: 'mine' | 'theirs';
  /** Who is pulling (the hub account), for the kept branch's name and a kept version's author. */
  user?: string;
  /** A clone: files are written as their chunks arrive (early-checkout.ts). */
  early?: boolean;
}

export async function pull(
  store: LocalStore,
  s: SyncSession,
  opts: PullOptions,
): Promise<PullResult> {
  const started = Date.now();
  const { branch } = opts;
  // A checkout a killed or failed pull left half-done is finished before anything else.
  const resumed = store.workDir ? await finishPendingCheckout(store, store.workDir) : null;
  const local = store.readRef(branch);
  const workDir = store.workDir && store.head().branch === branch ? store.workDir : null;
  // Local changes the new version would overwrite stop the pull before any chunk travels.
  let early: EarlyCheckout | null = null;
  const beforeChunks = async (treeId: string, bytes: Buffer) => {
    // Keeping yours leaves the working folder as it is: nothing of theirs is written there.
    if (workDir && opts.keep !== 'mine') {
      const entries = parseTreeBytes(bytes, treeId).entries;
      await assertSafeToSwitch(store, workDir, local, entries);
      if (opts.early && !local) early = EarlyCheckout.plan(store, workDir, entries);
    }
  };
  let fetched: Awaited<ReturnType<typeof fetchBranch>>;
  try {
    fetched = await fetchBranch(store, s, branch, opts.progress ?? noProgress, {
      beforeChunks,
      onChunks: (ids) => early?.stored(ids),
    });
  } catch (e) {
    await (early as EarlyCheckout | null)?.stop();
    throw e;
  }
  await (early as EarlyCheckout | null)?.finish();
  const t = s.transport;
  const fetchedAt = Date.now();
  const result: PullResult = {
    branch,
    old: local,
    new: fetched.head,
    up_to_date: false,
    commits: fetched.commits,
    chunks: fetched.chunks,
    chunk_bytes: fetched.chunk_bytes,
    bytes_sent: 0,
    bytes_received: 0,
    retries: 0,
    seconds: 0,
  };
  const finish = () => {
    Object.assign(result, {
      bytes_sent: t.stats.sent,
      bytes_received: t.stats.received,
      retries: t.stats.retries,
      seconds: (Date.now() - started) / 1000,
    });
    return result;
  };
  const remote = fetched.head;
  if (!remote) throw new AuxinError('UNKNOWN_REVISION', `the hub has no branch '${branch}'`);
  if (local === remote || (local && (await isAncestor(store, remote, local)))) {
    if (resumed && resumed.branch === branch) {
      result.old = resumed.from;
      result.commits = await versionsBetween(store, resumed.from, remote);
      return finish();
    }
    result.up_to_date = true;
    result.new = local;
    return finish();
  }
  if (local && !(await isAncestor(store, local, remote))) {
    await resolveDiverged(store, s, { ...opts, local, theirs: remote, workDir }, result);
    return finish();
  }
  if (workDir) {
    await switchVersion(store, workDir, { branch, from: local, to: remote });
  } else {
    await store.casRef(branch, local, remote);
  }
  result.phases = {
    fetch: (fetchedAt - started) / 1000,
    checkout: (Date.now() - fetchedAt) / 1000,
  };
  // Versions an earlier, interrupted pull already fetched still count as pulled now.
  if (result.commits === 0) result.commits = await versionsBetween(store, local, remote);
  return finish();
}

/**
 * Both sides moved on. Without `keep`, stop (changing nothing) and say how each way out goes;
 * with it, keep yours (a version over both) or take theirs (yours kept on a pushed branch).
 */
async function resolveDiverged(
  store: LocalStore,
  s: SyncSession,
  o: PullOptions & { local: string; theirs: string; workDir: string | null },
  result: PullResult,
): Promise<void> {
  const { branch, local, theirs: remote } = o;
  const user = o.user || 'mine';
  const d = await divergence(store, local, remote);
  const keepBranch = keepBranchName(branch, user, (n) => store.readRef(n) !== null);
  if (!o.keep)
    throw await divergedError(store, d, {
      branch,
      local,
      remote,
      keepBranch,
      remoteName: o.remote,
    });
  result.commits = d.theirs;
  if (o.keep === 'mine') {
    result.new = await keepMine(store, { branch, local, remote, author: user });
    result.resolved = { keep: 'mine' };
    return;
  }
  // Yours first gets its own branch, here and then on the hub, before the folder changes.
  await store.casRef(keepBranch, null, local);
  result.resolved = { keep: 'theirs', kept_branch: keepBranch, kept_pushed: false };
  try {
    await push(store, s, { branch: keepBranch });
    result.resolved.kept_pushed = true;
  } catch (e) {
    // A lock or the network: the branch is safe here, and can be pushed later.
    result.resolved.kept_push_error = e instanceof Error ? e.message : String(e);
  }
  if (o.workDir) await switchVersion(store, o.workDir, { branch, from: local, to: remote });
  else await store.casRef(branch, local, remote);
}

/** How many versions `to` has that `from` (an ancestor, or null) has not. */
async function versionsBetween(
  store: LocalStore,
  from: string | null,
  to: string,
): Promise<number> {
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === from || seen.has(id)) continue;
    seen.add(id);
    stack.push(...(await store.readCommit(id)).parent_ids);
  }
  return seen.size;
}

export interface CloneResult extends PullResult {
  dir: string;
  url: string;
}

/**
 * Remove what a failed clone created: the store (beside a bundle it lies outside `abs`), the
 * folders it made, or, in a folder that was empty before, everything now in it.
 */
async function undoClone(abs: string, made: string | undefined, storeRoot: string | null) {
  if (storeRoot) await rm(storeRoot, { recursive: true, force: true });
  if (made) {
    await rm(made, { recursive: true, force: true });
    return;
  }
  for (const name of await readdir(abs).catch(() => [])) {
    await rm(`${abs}/${name}`, { recursive: true, force: true });
  }
}

/** Clone `url` into `dir` (default: the repository's name), creating missing parent folders. */
export async function clone(
  url: string,
  dir: string | undefined,
  opts: SessionOptions & { progress?: SyncProgress; cwd?: string } = {},
): Promise<CloneResult> {
  const target = parseRemoteUrl(url);
  const abs = resolve(opts.cwd ?? process.cwd(), dir ?? target.name);
  const existing = await readdir(abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (existing && existing.length) {
    // A clone killed part-way leaves its store: pulling inside the folder finishes it.
    const hint = isStoreRoot(storeRootFor(abs))
      ? ` (it holds an auxin project: run \`auxin pull\` inside it to finish an interrupted clone)`
      : '';
    throw new AuxinError('ALREADY_EXISTS', `${abs} already exists and is not empty${hint}`);
  }
  // The first folder makeDirs made (undefined when `abs` existed): removing it undoes the parents too.
  const made = await makeDirs(abs);
  const s = new SyncSession(target, opts);
  let storeRoot: string | null = null;
  try {
    const store = await initStore(abs);
    storeRoot = store.root;
    await addRemote(store, 'origin', url);
    const refs = await s.refs('pull');
    if (!refs) {
      throw new AuxinError(
        'NOT_FOUND',
        `no repository ${target.namespace}/${target.name} on the hub`,
      );
    }
    if (!refs.has('main')) {
      // An empty repository: the clone is an empty project with its remote, ready to push.
      const empty: PullResult = {
        branch: 'main',
        old: null,
        new: null,
        up_to_date: true,
        commits: 0,
        chunks: 0,
        chunk_bytes: 0,
        bytes_sent: s.transport.stats.sent,
        bytes_received: s.transport.stats.received,
        retries: 0,
        seconds: 0,
      };
      return { ...empty, dir: abs, url };
    }
    const r = await pull(store, s, { branch: 'main', progress: opts.progress, early: true });
    return { ...r, dir: abs, url };
  } catch (e) {
    await undoClone(abs, made, storeRoot);
    throw e;
  } finally {
    s.close();
  }
}
