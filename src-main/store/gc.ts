import { existsSync } from 'node:fs';
import { open, readdir, stat, unlink } from 'node:fs/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { fsyncDir, TMP_PREFIX } from './fsutil.js';
import { acquireLock } from './lockfile.js';
import { PACK_MAGIC, RECORD_HEADER } from './packfile.js';
import { listFanout, reachableCommits } from './reach.js';
import type { Store } from './store.js';

export interface GcOptions {
  /**
   * Keep unreachable files younger than this (ms): they may belong to a push or commit still in
   * flight. Default: 0 for a working folder (commits hold the commit lock gc takes), 1 hour
   * for a bare store, whose hub writes chunks before the ref that will reach them moves.
   */
  graceMs?: number;
}

export interface GcReport {
  removed: { commits: number; trees: number; chunks: number; bytes: number; tmp: number };
  kept: { commits: number; trees: number; chunks: number };
}

export interface StoreStats {
  commits: number;
  branches: number;
  chunks: number;
  /** Sum over all reachable versions of their files' sizes: what full copies would cost. */
  logical_bytes: number;
  /** Bytes on disk in history/, tree/ and versions/ (packs and their indexes). */
  stored_bytes: number;
  chunk_bytes: number;
  object_bytes: number;
  dedup_ratio: number;
}

async function liveSets(store: Store) {
  const { commits, unreadable } = await reachableCommits(store);
  if (unreadable.size > 0) {
    throw new AuxinError(
      'CORRUPT_OBJECT',
      `${unreadable.size} reachable commit(s) unreadable; run auxin fsck`,
    );
  }
  const trees = new Set<string>();
  const chunks = new Set<string>();
  let logical = 0;
  for (const c of commits.values()) {
    if (!store.hasTree(c.tree_id)) {
      throw new AuxinError('CORRUPT_OBJECT', `tree ${c.tree_id} is missing; run auxin fsck`);
    }
    const tree = await store.readTree(c.tree_id);
    trees.add(c.tree_id);
    for (const e of tree.entries) {
      if (e.kind === 'file') logical += e.size;
      for (const ch of e.chunks ?? []) chunks.add(ch.id);
    }
  }
  return { commits, trees, chunks, logical };
}

async function sweep(
  files: { id: string; path: string }[],
  live: Set<string>,
  cutoff: number,
  onRemove: (id: string, bytes: number) => void,
): Promise<void> {
  for (const f of files) {
    if (live.has(f.id)) continue;
    try {
      const st = await stat(f.path);
      if (st.mtimeMs > cutoff) continue;
      await unlink(f.path);
      onRemove(f.id, st.size);
    } catch {
      // gone already
    }
  }
}

export async function runGc(store: Store, opts: GcOptions): Promise<GcReport> {
  const graceMs = opts.graceMs ?? (store.workDir ? 0 : 60 * 60 * 1000);
  const release = await acquireLock(`${store.root}/locks/commit.lock`, {
    waitMs: 0,
    what: 'a commit',
  });
  try {
    const cutoff = Date.now() - graceMs;
    const live = await liveSets(store);
    const report: GcReport = {
      removed: { commits: 0, trees: 0, chunks: 0, bytes: 0, tmp: 0 },
      kept: { commits: live.commits.size, trees: live.trees.size, chunks: live.chunks.size },
    };
    const o = store.objects;
    const list = async (dir: string, kind: 'commit' | 'tree') =>
      (await listFanout(store.root, dir)).map((id) => ({ id, path: o.objectPath(kind, id) }));
    // Commits first, chunks last: a reader never finds a commit whose chunks are gone.
    await sweep(await list('history', 'commit'), new Set(live.commits.keys()), cutoff, (_id, n) => {
      report.removed.commits++;
      report.removed.bytes += n;
    });
    await sweep(await list('tree', 'tree'), live.trees, cutoff, (_id, n) => {
      report.removed.trees++;
      report.removed.bytes += n;
    });
    await repack(store, live.chunks, cutoff, report);
    const tmpCutoff = Math.min(cutoff, Date.now() - 60 * 60 * 1000);
    for (const n of await readdir(o.tmpDir).catch(() => [] as string[])) {
      const p = `${o.tmpDir}/${n}`;
      const st = await stat(p).catch(() => null);
      if (st && st.mtimeMs < tmpCutoff) {
        await unlink(p).catch(() => {});
        report.removed.tmp++;
      }
    }
    // Packs whose index never arrived (a crash between the two renames): nothing can name them.
    // Unless the index was lost instead: a pack holding the only copy of a chunk a version
    // needs is kept, since its records name their chunks and it can still be recovered.
    for (const n of await readdir(o.chunks.dir).catch(() => [] as string[])) {
      if (!n.endsWith('.pack') || existsSync(`${o.chunks.dir}/${n.slice(0, -5)}.idx`)) continue;
      const st = await stat(`${o.chunks.dir}/${n}`).catch(() => null);
      if (st && st.mtimeMs < tmpCutoff) {
        const ids = await packRecordIds(`${o.chunks.dir}/${n}`);
        if (ids.some((id) => live.chunks.has(id) && !store.hasChunk(id))) continue;
        await unlink(`${o.chunks.dir}/${n}`).catch(() => {});
        report.removed.tmp++;
      }
    }
    // Temporary files of writes that never finished (a killed process), beside their targets.
    for (const dir of ['history', 'tree']) {
      for (const sub of await readdir(`${store.root}/${dir}`).catch(() => [] as string[])) {
        const folder = `${store.root}/${dir}/${sub}`;
        for (const n of await readdir(folder).catch(() => [] as string[])) {
          if (!n.startsWith(TMP_PREFIX)) continue;
          const st = await stat(`${folder}/${n}`).catch(() => null);
          if (st && st.mtimeMs < tmpCutoff) {
            await unlink(`${folder}/${n}`).catch(() => {});
            report.removed.tmp++;
          }
        }
      }
    }
    return report;
  } finally {
    await release();
  }
}

/**
 * Chunks live in packs, so a dead chunk goes by rewriting its pack: a pack with no live chunk is
 * removed, one with some is copied (live chunks as stored, no re-encoding) into a new pack that
 * is sealed before the old one goes. Packs younger than `cutoff` are left alone.
 */
async function repack(
  store: Store,
  live: Set<string>,
  cutoff: number,
  report: GcReport,
): Promise<void> {
  const chunks = store.objects.chunks;
  for (const { name, ids } of chunks.listPacks()) {
    const dead = ids.filter((id) => !live.has(id));
    if (dead.length === 0) continue;
    const before = await packBytes(chunks.dir, name);
    if (before.mtimeMs > cutoff) continue;
    const keep = ids.filter((id) => live.has(id));
    let after = 0;
    if (keep.length > 0) {
      const w = chunks.writer();
      try {
        for (const id of keep) {
          await w.addStored(id, await chunks.storedBytes(id), await chunks.rawSize(id));
        }
      } catch (e) {
        await w.abort();
        throw e;
      }
      await w.seal();
      // The new pack's name must be on disk before the old pack's removal can be.
      await fsyncDir(chunks.dir);
      after = w.size;
    }
    await chunks.removePack(name);
    report.removed.chunks += dead.length;
    report.removed.bytes += Math.max(0, before.size - after);
  }
}

/** The chunk ids a pack's records carry, read from their headers (up to a damaged end). */
async function packRecordIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return ids;
  try {
    const size = (await fh.stat()).size;
    const header = Buffer.alloc(RECORD_HEADER);
    for (let at = PACK_MAGIC.length; at + RECORD_HEADER <= size;) {
      const { bytesRead } = await fh.read(header, 0, RECORD_HEADER, at);
      if (bytesRead < RECORD_HEADER) break;
      ids.push(header.toString('hex', 0, 32));
      at += RECORD_HEADER + header.readUInt32LE(32);
    }
  } finally {
    await fh.close();
  }
  return ids;
}

async function packBytes(dir: string, name: string): Promise<{ size: number; mtimeMs: number }> {
  const [p, i] = await Promise.all([
    stat(`${dir}/${name}.pack`).catch(() => ({ size: 0, mtimeMs: 0 })),
    stat(`${dir}/${name}.idx`).catch(() => ({ size: 0, mtimeMs: 0 })),
  ]);
  return { size: p.size + i.size, mtimeMs: Math.max(p.mtimeMs, i.mtimeMs) };
}

async function sizeOf(
  store: Store,
  dir: string,
  kind: 'commit' | 'tree',
): Promise<{ n: number; bytes: number }> {
  let bytes = 0;
  const ids = await listFanout(store.root, dir);
  for (const id of ids) {
    const p = store.objects.objectPath(kind, id);
    bytes += (await stat(p).catch(() => ({ size: 0 }))).size;
  }
  return { n: ids.length, bytes };
}

export async function runStats(store: Store): Promise<StoreStats> {
  const live = await liveSets(store);
  store.objects.chunks.refresh();
  const chunks = { n: store.objects.chunks.count(), bytes: await store.objects.chunks.diskBytes() };
  const commits = await sizeOf(store, 'history', 'commit');
  const trees = await sizeOf(store, 'tree', 'tree');
  const stored = chunks.bytes + commits.bytes + trees.bytes;
  return {
    commits: live.commits.size,
    branches: store.listBranches().length,
    chunks: chunks.n,
    logical_bytes: live.logical,
    stored_bytes: stored,
    chunk_bytes: chunks.bytes,
    object_bytes: commits.bytes + trees.bytes,
    dedup_ratio: stored > 0 ? Math.round((live.logical / stored) * 100) / 100 : 0,
  };
}
