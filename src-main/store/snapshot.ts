import type { ChunkRef, TreeEntry } from '../../src-shared/api/commits.js';
import { chunkFile, type Cutter } from './chunker.js';
import { blake3Hex, createHasher } from './hash.js';
import type { ObjectFiles } from './objects.js';
import type { ScanEntry } from './scan.js';
import type { WorkIndex } from './workindex.js';

/**
 * Turn a scanned working folder into tree entries, storing new chunks on the way. Files stream
 * through the chunker (one read buffer); each chunk is hashed as it is cut, and only chunks the
 * store lacks are copied and written, a bounded number at a time, while the next ones are cut.
 */
export interface SnapshotStats {
  filesRead: number;
  bytesRead: number;
  newChunks: number;
  newBytes: number;
}

const MAX_WRITES_IN_FLIGHT = 32;

export async function snapshotEntries(
  workDir: string,
  scanned: ScanEntry[],
  index: WorkIndex | null,
  objects: ObjectFiles,
  cutter: Cutter,
  opts: { startNs: bigint; onBytes?: (n: number) => void },
): Promise<{ entries: TreeEntry[]; stats: SnapshotStats }> {
  const stats: SnapshotStats = { filesRead: 0, bytesRead: 0, newChunks: 0, newBytes: 0 };
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const queueWrite = async (id: string, data: Buffer) => {
    while (inFlight.size >= MAX_WRITES_IN_FLIGHT) await Promise.race(inFlight);
    if (failure) throw failure;
    const p = objects.writeChunkTrusted(id, data).then(
      (wrote) => {
        if (wrote) {
          stats.newChunks++;
          stats.newBytes += data.length;
        }
      },
      (e) => {
        failure ??= e;
      },
    );
    const tracked = p.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  // Chunks queued in this snapshot but maybe not on disk yet: do not write them twice.
  const queued = new Set<string>();

  const entries: TreeEntry[] = [];
  for (const s of scanned) {
    if (s.kind === 'dir') {
      entries.push({ path: s.path, kind: 'dir', mode: s.mode, size: 0 });
      continue;
    }
    if (s.kind === 'symlink') {
      entries.push({ path: s.path, kind: 'symlink', mode: 0o777, size: s.size, target: s.target! });
      continue;
    }
    const cached = index?.lookup(s);
    if (cached) {
      const entry = { ...cached, path: s.path, mode: s.mode };
      entries.push(entry);
      index!.record(s, entry, opts.startNs);
      opts.onBytes?.(s.size);
      continue;
    }
    const fileHash = createHasher();
    const chunks: ChunkRef[] = [];
    let size = 0;
    await chunkFile(`${workDir}/${s.path}`, cutter, async (chunk) => {
      const id = blake3Hex(chunk);
      fileHash.update(chunk);
      chunks.push({ id, size: chunk.length });
      size += chunk.length;
      opts.onBytes?.(chunk.length);
      if (!queued.has(id) && !objects.hasChunk(id)) {
        queued.add(id);
        await queueWrite(id, Buffer.from(chunk));
      }
    });
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
  await Promise.all(inFlight);
  if (failure) throw failure;
  return { entries, stats };
}
