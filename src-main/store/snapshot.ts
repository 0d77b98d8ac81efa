import type { ChunkRef, TreeEntry } from '../../src-shared/api/commits.js';
import { chunkFile, type Cutter } from './chunker.js';
import { ChunkWorker, type FileResult } from './chunk-worker.js';
import { blake3Hex, createHasher } from './hash.js';
import type { ObjectFiles } from './objects.js';
import type { ScanEntry } from './scan.js';
import type { WorkIndex } from './workindex.js';

/**
 * Turn a scanned working folder into tree entries, storing new chunks on the way. Files stream
 * through the chunker (one read buffer); each chunk is hashed as it is cut, and only chunks the
 * store lacks go into its packs (copied into a batch, written a batch at a time).
 */
export interface SnapshotStats {
  filesRead: number;
  bytesRead: number;
  newChunks: number;
  newBytes: number;
}

export async function snapshotEntries(
  workDir: string,
  scanned: ScanEntry[],
  index: WorkIndex | null,
  objects: ObjectFiles,
  cutter: Cutter,
  opts: { startNs: bigint; onBytes?: (n: number) => void; worker?: boolean },
): Promise<{ entries: TreeEntry[]; stats: SnapshotStats }> {
  const toRead = scanned.reduce(
    (a, s) => a + (s.kind === 'file' && !index?.lookup(s) ? s.size : 0),
    0,
  );
  const useWorker = opts.worker ?? toRead >= WORKER_THRESHOLD;
  const worker = useWorker ? ChunkWorker.create(objects.chunks, cutter.max) : null;
  let done = false;
  try {
    const r = worker
      ? await withWorker(workDir, scanned, index, objects, cutter, opts, worker)
      : await inThread(workDir, scanned, index, objects, cutter, opts);
    done = true;
    return r;
  } finally {
    await worker?.close();
    // A failed snapshot (a full disk, an unreadable file) leaves no half-written pack behind.
    if (!done) await objects.chunks.discard();
  }
}

/** One read buffer for all files of a snapshot: fresh memory costs page faults. */
function readBuffer(cutter: Cutter): Buffer {
  return Buffer.allocUnsafe(Math.max(8 * 1024 * 1024, cutter.max * 2));
}

/** Below this many bytes to read, starting a worker costs more than it saves. */
const WORKER_THRESHOLD = 16 * 1024 * 1024;

type Opts = { startNs: bigint; onBytes?: (n: number) => void };

/** Entries that need no reading: folders, links, and files the index vouches for. */
function cheapEntry(s: ScanEntry, index: WorkIndex | null, opts: Opts): TreeEntry | null {
  if (s.kind === 'dir') return { path: s.path, kind: 'dir', mode: s.mode, size: 0 };
  if (s.kind === 'symlink') {
    return { path: s.path, kind: 'symlink', mode: 0o777, size: s.size, target: s.target! };
  }
  const cached = index?.lookup(s);
  if (!cached) return null;
  const entry = { ...cached, path: s.path, mode: s.mode };
  index!.record(s, entry, opts.startNs);
  opts.onBytes?.(s.size);
  return entry;
}

async function withWorker(
  workDir: string,
  scanned: ScanEntry[],
  index: WorkIndex | null,
  objects: ObjectFiles,
  cutter: Cutter,
  opts: Opts,
  worker: ChunkWorker,
): Promise<{ entries: TreeEntry[]; stats: SnapshotStats }> {
  const stats: SnapshotStats = { filesRead: 0, bytesRead: 0, newChunks: 0, newBytes: 0 };
  const slots: (TreeEntry | { s: ScanEntry; result: Promise<FileResult> })[] = [];
  const readBuf = readBuffer(cutter);
  for (const s of scanned) {
    const cheap = cheapEntry(s, index, opts);
    if (cheap) {
      slots.push(cheap);
      continue;
    }
    const { file, result } = worker.begin();
    let found = false;
    try {
      found = await chunkFile(
        `${workDir}/${s.path}`,
        cutter,
        async (chunk) => {
          opts.onBytes?.(chunk.length);
          await worker.chunk(file, chunk);
        },
        readBuf,
      );
    } finally {
      worker.end(file);
    }
    if (found) slots.push({ s, result });
  }
  const entries: TreeEntry[] = [];
  for (const slot of slots) {
    if (!('result' in slot)) {
      entries.push(slot);
      continue;
    }
    const r = await slot.result;
    const size = r.chunks.reduce((a, c) => a + c.size, 0);
    stats.filesRead++;
    stats.bytesRead += size;
    stats.newChunks += r.newChunks;
    stats.newBytes += r.newBytes;
    const entry: TreeEntry = {
      path: slot.s.path,
      kind: 'file',
      mode: slot.s.mode,
      size,
      content_id: r.content_id,
      chunks: r.chunks,
    };
    entries.push(entry);
    if (size === slot.s.size) index?.record(slot.s, entry, opts.startNs);
  }
  // Every chunk durable and visible before a tree may name it.
  await worker.flush();
  await objects.chunks.flush();
  return { entries, stats };
}

async function inThread(
  workDir: string,
  scanned: ScanEntry[],
  index: WorkIndex | null,
  objects: ObjectFiles,
  cutter: Cutter,
  opts: Opts,
): Promise<{ entries: TreeEntry[]; stats: SnapshotStats }> {
  const stats: SnapshotStats = { filesRead: 0, bytesRead: 0, newChunks: 0, newBytes: 0 };
  // Chunks of this snapshot whose pack may still be sealing (not yet in the index): once each.
  const queued = new Set<string>();

  const entries: TreeEntry[] = [];
  for (const s of scanned) {
    const cheap = cheapEntry(s, index, opts);
    if (cheap) {
      entries.push(cheap);
      continue;
    }
    const fileHash = createHasher();
    const chunks: ChunkRef[] = [];
    let size = 0;
    const found = await chunkFile(`${workDir}/${s.path}`, cutter, async (chunk) => {
      const id = blake3Hex(chunk);
      fileHash.update(chunk);
      chunks.push({ id, size: chunk.length });
      size += chunk.length;
      opts.onBytes?.(chunk.length);
      if (!queued.has(id)) {
        queued.add(id);
        // The pack writer copies the bytes before its first await: the view may be reused.
        if (await objects.writeChunkTrusted(id, chunk)) {
          stats.newChunks++;
          stats.newBytes += chunk.length;
        }
      }
    });
    if (!found) continue; // vanished since the scan: it is not part of this version
    stats.filesRead++;
    stats.bytesRead += size;
    const entry: TreeEntry = {
      path: s.path,
      kind: 'file',
      mode: s.mode,
      size,
      content_id: fileHash.digestHex(),
      chunks,
    };
    entries.push(entry);
    if (size === s.size) index?.record(s, entry, opts.startNs);
  }
  await objects.chunks.flush();
  return { entries, stats };
}
