import { AuxinError } from '../../src-shared/errors.js';
import type { ChunkLoc } from './chunkstore.js';
import { RECORD_HEADER } from './packfile.js';

/** What reading runs needs of a ChunkStore. */
export interface RunSource {
  location(id: string): (ChunkLoc & { path: string }) | null;
  readAt(path: string, offset: number, length: number, into?: Buffer): Promise<Buffer>;
  /** One chunk's stored bytes, looked up afresh (its pack was repacked meanwhile). */
  readStored(id: string): Promise<Buffer>;
}

/**
 * ChunkStore.readManyStored: chunks that sit one after another in a pack (a push or a clone asks
 * in the order they were written) are read with one read of up to `maxRun` bytes, the next run
 * while the caller uses this one; with `arena`, into it while runs fit (see readManyStored).
 */
export async function* readStoredRuns(
  src: RunSource,
  ids: string[],
  opts: { arena?: Buffer; maxRun?: number },
): AsyncGenerator<[string, Buffer]> {
  const maxRun = opts.maxRun ?? 4 * 1024 * 1024;
  const runs: {
    ids: string[];
    lens: number[];
    loc: ChunkLoc & { path: string };
    span: number;
  }[] = [];
  for (const id of ids) {
    const loc = src.location(id);
    if (!loc) throw new AuxinError('NOT_FOUND', `chunk ${id} not found`, { id });
    const last = runs[runs.length - 1];
    if (
      last &&
      last.loc.pack === loc.pack &&
      last.loc.offset + last.span + RECORD_HEADER === loc.offset &&
      last.span + RECORD_HEADER + loc.length <= maxRun
    ) {
      last.ids.push(id);
      last.lens.push(loc.length);
      last.span += RECORD_HEADER + loc.length;
    } else {
      runs.push({ ids: [id], lens: [loc.length], loc, span: loc.length });
    }
  }
  const arena = opts.arena;
  let used = 0;
  const readRun = async (i: number): Promise<Buffer[]> => {
    const r = runs[i]!;
    let into: Buffer | undefined;
    if (arena && used + r.span <= arena.length) {
      into = arena.subarray(used, used + r.span);
      used += r.span;
    }
    let buf: Buffer;
    try {
      buf = await src.readAt(r.loc.path, r.loc.offset, r.span, into);
    } catch {
      // Repacked meanwhile: each chunk is looked up again.
      return Promise.all(r.ids.map((id) => src.readStored(id)));
    }
    const out: Buffer[] = [];
    let at = 0;
    for (let k = 0; k < r.ids.length; k++) {
      const length = r.lens[k]!;
      out.push(buf.subarray(at, at + length));
      at += length + RECORD_HEADER;
    }
    return out;
  };
  let next = runs.length > 0 ? readRun(0) : null;
  try {
    for (let i = 0; i < runs.length; i++) {
      const bufs = await next!;
      next = i + 1 < runs.length ? readRun(i + 1) : null;
      next?.catch(() => {}); // surfaced when awaited
      for (let k = 0; k < bufs.length; k++) yield [runs[i]!.ids[k]!, bufs[k]!];
    }
  } finally {
    // A caller that stops early may hand the arena to someone else once this returns: the
    // read running ahead must not write into it after that.
    await next?.catch(() => {});
  }
}
