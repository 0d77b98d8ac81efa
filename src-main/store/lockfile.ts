import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { link, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { mkdirOne, tmpName } from './fsutil.js';
import { holderGone, ownStart } from './holder.js';

/**
 * A cross-process mutex: a lock file that appears atomically with its content (written aside,
 * then hard-linked into place, which fails if the lock exists, like O_EXCL). It records its
 * holder so a lock left by a killed process on this machine is recognised and broken instead
 * of blocking forever: a dead or zombie pid, another process now under that pid (its start time
 * differs, where the system tells it), or our own pid with a token we do not hold (a restarted
 * container's hub under the pid the killed one had).
 */
export interface LockOptions {
  /** How long to wait for a busy lock before failing (ms); 0 fails at once. */
  waitMs?: number;
  /** A lock older than this from another machine is treated as stale (ms). */
  staleMs?: number;
  what?: string;
}

/**
 * The locks folder, made when missing, but never its parent: a store deleted (a repository
 * deleted on the hub while a push moved its branch) must stay deleted, and a lock taken in its
 * folder made again left that folder behind, holding the repository's name.
 */
function makeLockFolder(path: string, what = 'the store'): Promise<void> {
  return mkdirOne(dirname(path), () => new AuxinError('NOT_FOUND', `${what}: its store is gone`));
}

/** Tokens of the store locks this process holds right now. */
const held = new Set<string>();

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const text = await readFile(path, 'utf8');
    const [pidText, host, token, start] = text.split('\n');
    const pid = Number(pidText);
    if (host === hostname() && Number.isInteger(pid) && pid > 0) {
      if (pid === process.pid) return !held.has(token ?? '');
      return holderGone(pid, start);
    }
    const st = await stat(path);
    return Date.now() - st.mtimeMs > staleMs;
  } catch {
    // Half-written (holder killed between create and write) or gone: judge by age.
    try {
      const st = await stat(path);
      return Date.now() - st.mtimeMs > 2000;
    } catch {
      return true;
    }
  }
}

export async function acquireLock(
  path: string,
  opts: LockOptions = {},
): Promise<() => Promise<void>> {
  const waitMs = opts.waitMs ?? 5000;
  const deadline = Date.now() + waitMs;
  let delay = 2;
  const token = randomUUID();
  const content = `${process.pid}\n${hostname()}\n${token}\n${ownStart ?? ''}\n`;
  for (;;) {
    const aside = `${dirname(path)}/.${tmpName()}`;
    try {
      try {
        await writeFile(aside, content, { flag: 'wx' });
      } catch (e) {
        // Created but not written (a full disk): an empty file left here would stay for good.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(aside).catch(() => {});
        throw e;
      }
      // Ours before it is in place, so no caller of this process takes it for a dead one's.
      held.add(token);
      try {
        await link(aside, path);
      } catch (e) {
        held.delete(token);
        throw e;
      } finally {
        await unlink(aside).catch(() => {});
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await unlink(path).catch(() => {});
        held.delete(token);
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await makeLockFolder(path, opts.what);
        continue;
      }
      if (code !== 'EEXIST') throw e;
    }
    if (await isStale(path, opts.staleMs ?? 10 * 60_000)) {
      await unlink(path).catch(() => {});
      continue;
    }
    if (Date.now() >= deadline) {
      throw new AuxinError('CONFLICT', `${opts.what ?? 'the store'} is busy (locked by ${path})`, {
        lock: path,
      });
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}

export async function withLock<T>(
  path: string,
  opts: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const release = await acquireLock(path, opts);
  try {
    return await fn();
  } finally {
    await release();
  }
}
