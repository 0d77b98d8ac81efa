import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { AuxinError } from '../../src-shared/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { mkdirOne } from '../store/fsutil.js';
import { withFileMutex } from './file-mutex.js';
import type { AcquireResult, LockBackend, LockTarget, StoredLock } from './types.js';

const LOCK_FILE = 'project.lock.json';
const MUTEX_FILE = 'project.lock.mutex';
/** How often the expiry scan walks the whole data folder for lock files (see `known`). */
const WALK_MS = 5_000;

function parseLock(raw: string): StoredLock | null {
  try {
    const v = JSON.parse(raw) as StoredLock;
    if (typeof v.rev !== 'string' || typeof v.expires_ms !== 'number') return null;
    if (typeof v.lock_id !== 'string' || typeof v.username !== 'string') return null;
    return v;
  } catch {
    return null;
  }
}

/**
 * One lock file per repository, `<repo>/locks/project.lock.json`. Every mutation runs under a
 * per-repository O_EXCL mutex file (safe across processes sharing the data folder) and writes a
 * complete temp file then renames it over the lock, so a SIGKILL at any instant leaves either
 * the old lock or the new one, never half of one.
 */
export class FileLockBackend implements LockBackend {
  readonly kind = 'file' as const;
  /** In-process queue per repository, so this process's own callers wait in line rather than spin on the mutex file. */
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Parsed lock files by path and mtime, so the expiry scan re-reads only what changed. */
  private readonly scanCache = new Map<
    string,
    { ino: number; mtimeMs: number; lock: StoredLock | null }
  >();

  /**
   * Lock files known to exist, by file, with their repository's folder: what the expiry scan
   * looks at between two walks of the whole data folder. Walking it at every scan (twice a
   * second) cost an idle hub with 1,000 repositories ~10 % of a core in stats alone; this
   * process's own writes join at once, those of another hub sharing the folder at the next walk.
   */
  private readonly known = new Map<string, string>();
  private lastWalk = 0;

  /** Lock folders already rid of temp files that a killed writer left (once per process). */
  private readonly swept = new Set<string>();

  constructor(
    private readonly dataDir: string,
    private readonly opts: { fsync?: boolean; /** Tests: WALK_MS. */ walkMs?: number } = {},
  ) {}

  private dir(t: LockTarget): string {
    return join(t.path, 'locks');
  }

  async get(t: LockTarget): Promise<StoredLock | null> {
    try {
      return parseLock(await readFile(join(this.dir(t), LOCK_FILE), 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return null;
      // A lock file made a folder or unreadable by hand: say which, rather than a bare 500.
      if (code === 'EISDIR' || code === 'EACCES' || code === 'EPERM') {
        throw new AuxinError(
          'CORRUPT_OBJECT',
          `the lock file of ${t.namespace}/${t.name} cannot be read (${code}): ${LOCK_FILE} in its locks/ folder needs repair`,
        );
      }
      throw e;
    }
  }

  private async write(t: LockTarget, lock: StoredLock): Promise<void> {
    const file = join(this.dir(t), LOCK_FILE);
    // Named `lock.json.<uuid>.tmp`: the sweep of a crashed writer's leftovers knows the name.
    await writeFileAtomic(file, JSON.stringify(lock) + '\n', {
      mode: 0o644,
      makeDirs: false,
      tmpPath: `${file}.${randomUUID()}.tmp`,
      fsync: this.opts.fsync !== false,
      syncDir: false,
    });
    this.known.set(file, t.path);
  }

  /** Serialise in-process, then take the cross-process mutex, then run `fn` on the current lock. */
  private async locked<T>(t: LockTarget, fn: (cur: StoredLock | null) => Promise<T>): Promise<T> {
    const dir = this.dir(t);
    const prev = this.queues.get(dir) ?? Promise.resolve();
    const run = prev
      .catch(() => {})
      .then(async () => {
        await mkdirOne(
          dir,
          () => new AuxinError('NOT_FOUND', `no repository ${t.namespace}/${t.name}`),
        );
        return withFileMutex(join(dir, MUTEX_FILE), async () => {
          if (!this.swept.has(dir)) {
            await sweepTemps(dir);
            this.swept.add(dir);
          }
          return fn(await this.get(t));
        });
      });
    this.queues.set(dir, run);
    try {
      return await run;
    } finally {
      if (this.queues.get(dir) === run) this.queues.delete(dir);
    }
  }

  async acquire(t: LockTarget, lock: StoredLock, nowMs: number): Promise<AcquireResult> {
    // A live lock read from a complete file is a valid moment to refuse at; only a grant needs
    // the mutex. This keeps a crowd of refused callers from queueing behind the winner.
    const seen = await this.get(t);
    if (seen && seen.expires_ms > nowMs) return { ok: false, current: seen };
    return this.locked(t, async (cur) => {
      if (cur && cur.expires_ms > nowMs) return { ok: false, current: cur };
      await this.write(t, lock);
      return { ok: true, replaced: cur };
    });
  }

  renew(t: LockTarget, expectedRev: string, lock: StoredLock): Promise<boolean> {
    return this.locked(t, async (cur) => {
      if (!cur || cur.rev !== expectedRev) return false;
      await this.write(t, lock);
      return true;
    });
  }

  release(t: LockTarget, expectedRev: string): Promise<boolean> {
    return this.locked(t, async (cur) => {
      if (!cur || cur.rev !== expectedRev) return false;
      await unlink(join(this.dir(t), LOCK_FILE));
      return true;
    });
  }

  /** Every repository's lock file under `<data>/<namespace>/<name>/locks/` (the hub's layout). */
  private async walk(): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const ns of await dirents(this.dataDir)) {
      for (const name of await dirents(join(this.dataDir, ns))) {
        const path = join(this.dataDir, ns, name);
        files.set(join(path, 'locks', LOCK_FILE), path);
      }
    }
    return files;
  }

  /**
   * The expired locks. The whole data folder is walked every WALK_MS (and at the first scan,
   * which tells of locks that went while the hub was down); between walks only the lock files
   * known to exist are looked at.
   */
  async listExpired(nowMs: number): Promise<Array<{ target: LockTarget; lock: StoredLock }>> {
    const out: Array<{ target: LockTarget; lock: StoredLock }> = [];
    const full = Date.now() - this.lastWalk >= (this.opts.walkMs ?? WALK_MS);
    const files = full ? await this.walk() : new Map(this.known);
    if (full) this.lastWalk = Date.now();
    for (const [file, path] of files) {
      const st = await stat(file).catch(() => null);
      // A lock file made a folder by hand is that repository's problem (its routes say so):
      // it must not stop expiry for every other one.
      if (!st?.isFile()) {
        this.known.delete(file);
        this.scanCache.delete(file);
        continue;
      }
      this.known.set(file, path);
      let cached = this.scanCache.get(file);
      if (!cached || cached.mtimeMs !== st.mtimeMs || cached.ino !== st.ino) {
        const lock = await readFile(file, 'utf8').then(parseLock, () => null);
        cached = { ino: st.ino, mtimeMs: st.mtimeMs, lock };
        this.scanCache.set(file, cached);
      }
      if (cached.lock && cached.lock.expires_ms <= nowMs) {
        out.push({
          target: { namespace: cached.lock.namespace, name: cached.lock.name, path },
          lock: cached.lock,
        });
      }
    }
    if (full) {
      for (const k of this.known.keys()) if (!files.has(k)) this.known.delete(k);
      for (const k of this.scanCache.keys()) if (!this.known.has(k)) this.scanCache.delete(k);
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }
}

/**
 * Remove the temp files of writes that a SIGKILL cut short. Only called under the mutex, and
 * every write happens under it, so no temp file there can belong to a live writer.
 */
async function sweepTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (n.startsWith(`${LOCK_FILE}.`) && n.endsWith('.tmp')) {
      await unlink(join(dir, n)).catch(() => {});
    }
  }
}

async function dirents(dir: string): Promise<string[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    return list.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
}
