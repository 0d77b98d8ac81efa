import { readdir } from 'node:fs/promises';
import type { Commit } from '../../src-shared/api/commits.js';
import { readPendingCheckout } from './pending.js';
import type { Store } from './store.js';

/** Every commit id the refs (a detached HEAD, an interrupted checkout's record) reach, with the commits that failed to read. */
export async function reachableCommits(
  store: Store,
): Promise<{ commits: Map<string, Commit>; unreadable: Map<string, string> }> {
  const tips = store.listBranches().map((b) => b.commit_id);
  try {
    const h = store.head();
    if (h.commit) tips.push(h.commit);
  } catch {
    // a damaged HEAD is reported by fsck separately
  }
  try {
    // An interrupted pull's version is on no branch yet, but its checkout will be finished.
    const pending = readPendingCheckout(store.root);
    if (pending) tips.push(pending.to, ...(pending.from ? [pending.from] : []));
  } catch {
    // a damaged record is reported by status and checkout
  }
  const commits = new Map<string, Commit>();
  const unreadable = new Map<string, string>();
  const stack = [...tips];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (commits.has(id) || unreadable.has(id)) continue;
    try {
      const c = await store.readCommit(id);
      commits.set(id, c);
      stack.push(...c.parent_ids);
    } catch (e) {
      unreadable.set(id, (e as Error).message);
    }
  }
  return { commits, unreadable };
}

/** Ids of every file in a fan-out folder (history/, tree/ or versions/). */
export async function listFanout(root: string, dir: string): Promise<string[]> {
  const ids: string[] = [];
  let subs: string[];
  try {
    subs = await readdir(`${root}/${dir}`);
  } catch {
    return ids;
  }
  for (const sub of subs) {
    if (!/^[0-9a-f]{2}$/.test(sub)) continue;
    for (const n of await readdir(`${root}/${dir}/${sub}`)) {
      if (/^[0-9a-f]{62}$/.test(n)) ids.push(sub + n);
    }
  }
  return ids;
}
