import type { BigIntStats } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuxinError } from '../../src-shared/errors.js';
import type { FileRead } from './chunker.js';
import { nowNs, racyWindowNs } from './workindex.js';

/**
 * Logic writes ProjectData, undo files and backups while the user works, and a commit may read
 * a file in the middle of such a write. Read as it is, the version would hold a file that never
 * existed on disk (half the old save, half the new; or a prefix of a file being truncated and
 * rewritten), with sizes and chunks that agree, so nothing would ever flag it. A read is
 * therefore kept only when the file did not move under it:
 * - its size, mtime, ctime and inode are the same when opened and when done, and the bytes read
 *   are its size (a write, a truncation or an append changes one of them);
 * - and, when it was modified within one timestamp tick of the read (a write in the same tick
 *   leaves mtime and ctime as they were: ext4 stamps with a clock of a few ms, exFAT with 2 s),
 *   a second read once that tick has passed gives the same content.
 * Otherwise it is read again after a pause, and after TRIES reads the commit fails with
 * FILE_CHANGING naming the file: better no version than a false one.
 */
export const TRIES = 5;
const PAUSE_MS = 100;

export type Attempt<R> = R & FileRead;

function sameStat(a: BigIntStats, b: BigIntStats): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

function steady(r: FileRead): boolean {
  return sameStat(r.before, r.after) && BigInt(r.bytes) === r.after.size;
}

/**
 * How long until the last change to a file stamped like `st` is older than one timestamp tick
 * (0: already). ctime, not mtime: a write always stamps ctime with the real time, while mtime
 * may be anything. A ctime ahead of this clock (a network share's server) waits one whole tick.
 */
function racyForMs(st: BigIntStats, now: bigint): number {
  const tick = racyWindowNs(st.ctimeNs);
  const left = now < st.ctimeNs ? tick : tick - (now - st.ctimeNs);
  return left > 0n ? Number(left / 1_000_000n) + 1 : 0;
}

/**
 * Read `path` with `read` until one read is known to be of a state the file really had;
 * `contentId` gives a read's content hash (only asked for when timestamps cannot tell).
 * Null when the file vanished (it is then not part of the version).
 */
export async function readSteadily<R>(
  path: string,
  read: () => Promise<Attempt<R> | null>,
  contentId: (r: Attempt<R>) => Promise<string>,
): Promise<Attempt<R> | null> {
  for (let attempt = 1; ; attempt++) {
    const r = await read();
    if (!r) return null;
    if (steady(r)) {
      const wait = racyForMs(r.after, nowNs());
      if (wait === 0) return r;
      await sleep(wait);
      const again = await read();
      if (!again) return null;
      if (
        steady(again) &&
        sameStat(r.after, again.after) &&
        (await contentId(r)) === (await contentId(again))
      ) {
        return again;
      }
    }
    if (attempt >= TRIES) {
      throw new AuxinError(
        'FILE_CHANGING',
        `${path} kept changing while it was read (${TRIES} tries): let Logic finish saving (or stop recording) and commit again`,
        { path },
      );
    }
    await sleep(PAUSE_MS * 2 ** (attempt - 1));
  }
}
