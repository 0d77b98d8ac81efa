import type { ChunkRef, TreeEntry } from '../../src-shared/api/commits.js';
import { chunkFile, type Cutter, type FileRead } from './chunker.js';
import { ChunkWorker, type FileResult } from './chunk-worker.js';
import { blake3Hex, createHasher } from './hash.js';
import type { ObjectFiles } from './objects.js';
import { fileEntry, type ScanEntry } from './scan.js';
import { readSteadily } from './steadyread.js';
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

/**
 * The scan entry as the kept read saw the file: its mode and the stat fields the index records
 * are those of the content read, not of the scan (the file may have been saved in between).
 */
function readEntry(s: ScanEntry, read: FileRead): ScanEntry {
  return fileEntry(s.path, read.before);
}

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
    const read = await readSteadily(
      s.path,
      async () => {
        const { file, result } = worker.begin();
        let r: FileRead | null = null;
        try {
          r = await chunkFile(
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
        return r && { ...r, result };
      },
      async (r) => (await r.result).content_id,
    );
    // A read given up for a later one leaves its chunks unreferenced: gc removes them.
    if (read) slots.push({ s: readEntry(s, read), result: read.result });
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
    index?.record(slot.s, entry, opts.startNs);
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
    const read = await readSteadily(
      s.path,
      async () => {
        const fileHash = createHasher();
        const chunks: ChunkRef[] = [];
        const r = await chunkFile(`${workDir}/${s.path}`, cutter, async (chunk) => {
          const id = blake3Hex(chunk);
          fileHash.update(chunk);
          chunks.push({ id, size: chunk.length });
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
        return r && { ...r, chunks, content_id: fileHash.digestHex() };
      },
      (r) => Promise.resolve(r.content_id),
    );
    if (!read) continue; // vanished since the scan: it is not part of this version
    const seen = readEntry(s, read);
    stats.filesRead++;
    stats.bytesRead += seen.size;
    const entry: TreeEntry = {
      path: s.path,
      kind: 'file',
      mode: seen.mode,
      size: seen.size,
      content_id: read.content_id,
      chunks: read.chunks,
    };
    entries.push(entry);
    index?.record(seen, entry, opts.startNs);
  }
  await objects.chunks.flush();
  return { entries, stats };
}
