/** Walks over a store's commit graph, shared by the hub (serving pulls) and the client (pushing). */
import type { SyncStore, SyncTree } from './store-port.js';

export interface CommitLink {
  id: string;
  tree_id: string;
  parent_ids: string[];
}

/** Every commit reachable from `from` (ids the store lacks are skipped). */
async function reachable(
  store: SyncStore,
  from: string[],
  stop?: Set<string>,
): Promise<Set<string>> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length) {
    const id = stack.pop()!;
    if (seen.has(id) || stop?.has(id)) continue;
    if (!(await store.hasCommit(id))) continue;
    seen.add(id);
    const c = await store.readCommit(id);
    for (const p of c.parent_ids) stack.push(p);
  }
  return seen;
}

/**
 * Commits reachable from `want` but not from any of `have`, ordered parents first, so that
 * storing them in this order never references a commit that is not there yet.
 */
export async function missingHistory(
  store: SyncStore,
  want: string,
  have: string[],
): Promise<CommitLink[]> {
  const known = await reachable(store, have);
  const links = new Map<string, CommitLink>();
  const stack = [want];
  while (stack.length) {
    const id = stack.pop()!;
    if (links.has(id) || known.has(id)) continue;
    const c = await store.readCommit(id);
    links.set(id, { id, tree_id: c.tree_id, parent_ids: c.parent_ids });
    for (const p of c.parent_ids) stack.push(p);
  }
  // Parents-first order (iterative DFS post-order).
  const out: CommitLink[] = [];
  const placed = new Set<string>();
  const visit = [want];
  while (visit.length) {
    const id = visit[visit.length - 1]!;
    const link = links.get(id);
    if (!link || placed.has(id)) {
      visit.pop();
      continue;
    }
    const pending = link.parent_ids.filter((p) => links.has(p) && !placed.has(p));
    if (pending.length === 0) {
      visit.pop();
      placed.add(id);
      out.push(link);
    } else {
      visit.push(...pending);
    }
  }
  return out;
}

/** Is `ancestor` reachable from `descendant` (or equal to it)? */
export async function isAncestor(
  store: SyncStore,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  if (ancestor === descendant) return true;
  const seen = new Set<string>();
  const stack = [descendant];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === ancestor) return true;
    if (seen.has(id) || !(await store.hasCommit(id))) continue;
    seen.add(id);
    stack.push(...(await store.readCommit(id)).parent_ids);
  }
  return false;
}

/** Distinct chunks of a tree's files, with their sizes. */
export function treeChunks(tree: SyncTree, into = new Map<string, number>()): Map<string, number> {
  for (const e of tree.entries) {
    if (e.kind !== 'file' || !e.chunks) continue;
    for (const c of e.chunks) into.set(c.id, c.size);
  }
  return into;
}

/** Split a list into batches of at most `n`. */
export function batches<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

/** Run `fn` over `items` with at most `limit` at once; the first failure rejects. */
export async function pool<T>(
  items: T[],
  limit: number,
  fn: (t: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const it = items[next++]!;
      try {
        await fn(it);
      } catch (e) {
        failed ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failed !== null) throw failed;
}
