import { readFile } from 'node:fs/promises';
import { blake3Hex } from './hash.js';
import { configProblem } from './layout.js';
import { chunkSizeProblem, parseCommitBytes, parseTreeBytes } from './objects.js';
import { listFanout, reachableCommits } from './reach.js';
import type { Store } from './store.js';

/**
 * Verify every object and chunk. A damaged or missing chunk is reported with the project paths
 * whose content uses it and the versions (commits) in which they do.
 */
export interface FsckProblem {
  kind: 'config' | 'ref' | 'commit' | 'tree' | 'chunk' | 'pack';
  id: string;
  problem: string;
  /** For chunks and trees: the damaged files and the versions that contain them. */
  uses: { path: string; commits: string[] }[];
}

export interface FsckOptions {
  /** Progress: bytes of stored chunks to verify, then bytes verified. */
  onTotal?: (bytes: number) => void;
  onBytes?: (bytes: number) => void;
}

export interface FsckReport {
  ok: boolean;
  checked: { commits: number; trees: number; chunks: number; chunk_bytes: number };
  problems: FsckProblem[];
}

async function verifyFile(path: string, parse: (b: Buffer) => void): Promise<string | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    return `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    parse(bytes);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

export async function runFsck(store: Store, opts: FsckOptions = {}): Promise<FsckReport> {
  const problems: FsckProblem[] = [];
  const checked = { commits: 0, trees: 0, chunks: 0, chunk_bytes: 0 };
  const config = configProblem(store.root);
  if (config)
    problems.push({ kind: 'config', id: `${store.root}/config`, problem: config, uses: [] });
  try {
    store.head();
  } catch (e) {
    problems.push({ kind: 'ref', id: 'HEAD', problem: (e as Error).message, uses: [] });
  }
  const { commits, unreadable } = await reachableCommits(store);
  for (const [id, why] of unreadable) problems.push({ kind: 'commit', id, problem: why, uses: [] });

  // Every stored object, reachable or not, must hash to its name.
  for (const id of await listFanout(store.root, 'history')) {
    checked.commits++;
    const p = await verifyFile(store.objects.objectPath('commit', id), (b) => {
      parseCommitBytes(b, id);
      if (blake3Hex(b) !== id) throw new Error('content does not match its id');
    });
    if (p && !unreadable.has(id)) problems.push({ kind: 'commit', id, problem: p, uses: [] });
  }
  const badTrees = new Set<string>();
  for (const id of await listFanout(store.root, 'tree')) {
    checked.trees++;
    try {
      const bytes = await store.objects.readObjectBytes('tree', id);
      if (blake3Hex(bytes) !== id) throw new Error('content does not match its id');
      // Sizes are checked against the index; the chunk pass below checks the index's sizes.
      const lie = await chunkSizeProblem(parseTreeBytes(bytes, id), store.objects.chunks);
      if (lie) throw new Error(lie.message);
    } catch (e) {
      badTrees.add(id);
      problems.push({ kind: 'tree', id, problem: (e as Error).message, uses: [] });
    }
  }

  const badChunks = new Map<string, string>();
  const chunks = store.objects.chunks;
  const packs = chunks.listPacks();
  for (const [name, why] of chunks.damaged) {
    problems.push({ kind: 'pack', id: name, problem: `index: ${why}`, uses: [] });
  }
  const sizes = new Map<string, number>();
  for (const p of packs) {
    for (const id of p.ids) sizes.set(id, chunks.location(id)?.length ?? 0);
  }
  opts.onTotal?.([...sizes.values()].reduce((a, b) => a + b, 0));
  const chunkIds = [...sizes.keys()];
  let next = 0;
  const worker = async () => {
    while (next < chunkIds.length) {
      const id = chunkIds[next++]!;
      const p = await chunks.verify(id);
      checked.chunks++;
      const size = sizes.get(id)!;
      checked.chunk_bytes += size;
      opts.onBytes?.(size);
      if (p) badChunks.set(id, p);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);

  // Which files, in which versions, use a damaged or missing chunk.
  const uses = new Map<string, Map<string, string[]>>();
  const missingTrees = new Map<string, string[]>();
  for (const c of commits.values()) {
    if (!store.hasTree(c.tree_id) || badTrees.has(c.tree_id)) {
      if (!badTrees.has(c.tree_id))
        missingTrees.set(c.tree_id, [...(missingTrees.get(c.tree_id) ?? []), c.id]);
      continue;
    }
    const tree = await store.readTree(c.tree_id);
    for (const e of tree.entries) {
      for (const ch of e.chunks ?? []) {
        if (!badChunks.has(ch.id) && store.hasChunk(ch.id)) continue;
        if (!badChunks.has(ch.id)) badChunks.set(ch.id, 'missing');
        const byPath = uses.get(ch.id) ?? new Map<string, string[]>();
        uses.set(ch.id, byPath);
        const list = byPath.get(e.path) ?? [];
        if (!list.includes(c.id)) list.push(c.id);
        byPath.set(e.path, list);
      }
    }
  }
  for (const [id, usedBy] of missingTrees) {
    problems.push({ kind: 'tree', id, problem: 'missing', uses: [{ path: '', commits: usedBy }] });
  }
  for (const [id, problem] of badChunks) {
    const byPath = uses.get(id) ?? new Map<string, string[]>();
    problems.push({
      kind: 'chunk',
      id,
      problem,
      uses: [...byPath].map(([path, cs]) => ({ path, commits: cs })),
    });
  }
  return { ok: problems.length === 0, checked, problems };
}
