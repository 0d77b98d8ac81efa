/**
 * Writing one stored file into the working folder: beside its place, hash-checked, renamed in.
 */
import { chmod, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { BufferPool } from '../core/bufferpool.js';
import { tmpName } from './fsutil.js';
import { createHasher } from './hash.js';
import type { Store } from './store.js';
import { sizedUnits } from '../core/units.js';

export const WORK_TMP_PREFIX = '.auxin-tmp-';

/** Stored bytes read per step while restoring a file; two steps' buffers alternate. */
const STEP = 8 * 1024 * 1024;
/** Two per file being restored; a few checkouts at once in one process keep at most 4. */
const stepBuffers = new BufferPool(STEP + 256 * 1024, 4);
/**
 * Steps of a restore that runs beside a download (a clone's early checkout): it only has to
 * keep up with the wire, and two 8.25 MiB buffers held for the whole download were a tenth of
 * a 4 GiB clone's peak memory.
 */
const SMALL_STEP = 1024 * 1024;
const smallStepBuffers = new BufferPool(SMALL_STEP + 256 * 1024, 2);

/**
 * Write a stored file beside its place, check its content hash, then rename it into place. The
 * chunks are read in steps of about 8 MiB into two reused buffers, the next step read while
 * this one is hashed and written in 1 MiB writevs: reading each chunk into a buffer of its own
 * and writing it alone made the garbage collector and the thread pool the cost of a checkout.
 */
export async function restoreFile(
  store: Store,
  e: TreeEntry,
  abs: string,
  onBytes?: (n: number) => void,
  opts: { small?: boolean } = {},
): Promise<void> {
  const tmp = `${dirname(abs)}/${WORK_TMP_PREFIX}${tmpName()}`;
  const hasher = createHasher();
  const pool = opts.small ? smallStepBuffers : stepBuffers;
  const steps = sizedUnits(e.chunks ?? [], (c) => c.size, opts.small ? SMALL_STEP : STEP, Infinity);
  const buffers = [pool.take(), pool.take()];
  const load = async (k: number): Promise<Buffer[]> => {
    const step = steps[k]!;
    const out: Buffer[] = [];
    try {
      for await (const [id, raw] of store.readChunks(
        step.map((c) => c.id),
        buffers[k % 2],
      )) {
        if (raw.length !== step[out.length]!.size) {
          throw new AuxinError('CORRUPT_OBJECT', `chunk ${id} is damaged`, { id });
        }
        out.push(raw);
      }
    } catch (err) {
      if (!(err instanceof AuxinError)) throw err;
      const id = String(err.details.id);
      if (err.code === 'NOT_FOUND') {
        throw new AuxinError('MISSING_OBJECTS', `chunk ${id} of ${e.path} is missing`, {
          missing: [id],
        });
      }
      if (err.code === 'CORRUPT_OBJECT') {
        throw new AuxinError('CORRUPT_OBJECT', `chunk ${id} of ${e.path} is damaged`, { id });
      }
      throw err;
    }
    return out;
  };
  const fh = await open(tmp, 'wx', e.mode);
  let next: Promise<Buffer[]> | null = null;
  try {
    try {
      let position = 0;
      next = steps.length > 0 ? load(0) : null;
      for (let k = 0; k < steps.length; k++) {
        const raws = await next!;
        // The other buffer is free: its step was written before this one was read.
        next = k + 1 < steps.length ? load(k + 1) : null;
        next?.catch(() => {}); // surfaced when awaited
        let bytes = 0;
        for (const raw of raws) {
          hasher.update(raw);
          bytes += raw.length;
        }
        await writeAll(fh, raws, position);
        position += bytes;
        onBytes?.(bytes);
      }
    } finally {
      await fh.close();
    }
    if (hasher.digestHex() !== e.content_id) {
      throw new AuxinError(
        'CORRUPT_OBJECT',
        `stored content of ${e.path} is damaged (run auxin fsck)`,
        {
          path: e.path,
        },
      );
    }
    await chmod(tmp, e.mode);
    await rename(tmp, abs);
  } catch (err) {
    await unlink(tmp).catch(() => {});
    throw err;
  } finally {
    // After a failure a step may still be reading into its buffer: let it finish first.
    await next?.catch(() => {});
    for (const b of buffers) pool.give(b);
  }
}

/**
 * Largest single write. On Linux 6.x a page-cache write of 2 MiB or more gets large folios, and
 * on the benchmark machine (a VM that hands free memory back to its host) those cost 3 to 10
 * times the system time of the same bytes written 1 MiB at a time (docs/benchmarks.md).
 */
const MAX_WRITE = 1024 * 1024;

/** Write every byte of `bufs` at `position`, at most MAX_WRITE bytes per call. */
async function writeAll(fh: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let group: Buffer[] = [];
  let groupBytes = 0;
  const flush = async () => {
    let done = group.length ? (await fh.writev(group, position)).bytesWritten : 0;
    while (done < groupBytes) {
      const rest = Buffer.concat(group).subarray(done);
      done += (await fh.write(rest, 0, rest.length, position + done)).bytesWritten;
    }
    position += groupBytes;
    group = [];
    groupBytes = 0;
  };
  for (const b of bufs) {
    for (let at = 0; at < b.length;) {
      const piece = b.subarray(at, at + MAX_WRITE - groupBytes);
      group.push(piece);
      groupBytes += piece.length;
      at += piece.length;
      if (groupBytes === MAX_WRITE) await flush();
    }
  }
  await flush();
}
