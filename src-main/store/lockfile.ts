import { hostname } from 'node:os';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { tmpName } from './fsutil.js';

/**
 * A cross-process mutex: a lock file that appears atomically with its content (written aside,
 * then hard-linked into place, which fails if the lock exists, like O_EXCL). It records its
 * holder so a lock left by a killed process on this machine is recognised and broken instead
 * of blocking forever.
 */
export interface LockOptions {
  /** How long to wait for a busy lock before failing (ms); 0 fails at once. */
  waitMs?: number;
  /** A lock older than this from another machine is treated as stale (ms). */
  staleMs?: number;
  what?: string;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const text = await readFile(path, 'utf8');
    const [pidText, host] = text.split('\n');
    const pid = Number(pidText);
    if (host === hostname() && Number.isInteger(pid) && pid > 0) {
      return pid !== process.pid && !alive(pid);
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
  for (;;) {
    const aside = `${dirname(path)}/.${tmpName()}`;
    try {
      await writeFile(aside, `${process.pid}\n${hostname()}\n`, { flag: 'wx' });
      try {
        await link(aside, path);
      } finally {
        await unlink(aside).catch(() => {});
      }
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await unlink(path).catch(() => {});
      };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await mkdir(dirname(path), { recursive: true });
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
