import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { AuxinError } from '../../src-shared/errors.js';
import { holderGone, ownStart } from '../store/holder.js';

/**
 * A cross-process mutex made of one file created with O_EXCL. It guards the read-decide-write of
 * a repository's lock file, so it is held for a read and a rename: microseconds. A holder that
 * died (SIGKILL) leaves the file behind; on the same machine we know at once from its pid, from
 * another machine (shared folder) we wait STALE_MS.
 */
const STALE_MS = 10_000;
/** A mutex file with no content yet is one being written this very instant, or a crash. */
const EMPTY_STALE_MS = 2_000;

interface MutexInfo {
  pid: number;
  host: string;
  token: string;
  /** The holder's start time where the system tells it (store/holder.ts). */
  start?: string | null;
}

function parse(raw: string): MutexInfo | null {
  try {
    const v = JSON.parse(raw) as MutexInfo;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Tokens of the mutexes this process holds right now. */
const held = new Set<string>();

/**
 * A live pid on this host is not proof of a live holder: a restarted container often runs the
 * hub under the very pid (1, 7...) that the killed one had, and any pid is reused in time. So a
 * mutex naming our own pid with a token we do not hold is stale at once, so is one whose pid is
 * a zombie or now another process (its start time differs, where the system tells it), and one
 * whose pid lives is stale after STALE_MS like any other (the critical section lasts
 * milliseconds).
 */
function isStale(info: MutexInfo | null, ageMs: number): boolean {
  if (!info) return ageMs > EMPTY_STALE_MS;
  if (info.host === hostname()) {
    if (info.pid === process.pid) return !held.has(info.token);
    if (holderGone(info.pid, info.start)) return true;
  }
  return ageMs > STALE_MS;
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await fh.writeFile(content);
  } catch (e) {
    // Not taken (a full disk): leave no empty mutex for everyone else to wait out.
    await fh.close();
    await unlink(path).catch(() => {});
    throw e;
  }
  await fh.close();
  return true;
}

/**
 * Remove `path` if its holder is gone. Breakers are serialised by a second O_EXCL file so two of
 * them can never both delete: the second would otherwise delete a fresh mutex taken in between.
 * The identity check (inode + content) before unlinking catches the same race from the other side.
 */
async function breakIfStale(path: string): Promise<void> {
  let raw: string;
  let st;
  try {
    st = await stat(path);
    raw = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if (!isStale(parse(raw), Date.now() - st.mtimeMs)) return;
  const breaker = `${path}.break`;
  const token = randomUUID();
  const me = JSON.stringify({ pid: process.pid, host: hostname(), token });
  held.add(token);
  try {
    if (!(await tryCreate(breaker, me))) {
      await breakIfStale(breaker);
      return;
    }
    try {
      const again = await stat(path).catch(() => null);
      const rawAgain = again ? await readFile(path, 'utf8').catch(() => null) : null;
      if (again && again.ino === st.ino && rawAgain === raw) await unlink(path).catch(() => {});
    } finally {
      await unlink(breaker).catch(() => {});
    }
  } finally {
    held.delete(token);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `fn` while holding the mutex file `path` (its folder must exist). */
export async function withFileMutex<T>(
  path: string,
  fn: () => Promise<T>,
  timeoutMs = 15_000,
): Promise<T> {
  const token = randomUUID();
  const content = JSON.stringify({
    pid: process.pid,
    host: hostname(),
    token,
    start: ownStart,
  });
  const deadline = Date.now() + timeoutMs;
  let delay = 1;
  // Ours before the file exists, so no caller of this process can take it for a dead one's.
  held.add(token);
  try {
    while (!(await tryCreate(path, content))) {
      await breakIfStale(path);
      if (Date.now() > deadline) {
        throw new AuxinError('UNAVAILABLE', `lock store busy: could not take ${path} in time`);
      }
      await sleep(delay * (0.5 + Math.random()));
      delay = Math.min(delay * 2, 25);
    }
  } catch (e) {
    held.delete(token);
    throw e;
  }
  try {
    return await fn();
  } finally {
    await unlink(path).catch(() => {});
    held.delete(token);
  }
}
