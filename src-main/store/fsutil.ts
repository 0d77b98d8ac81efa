import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';

let tmpCounter = 0;
/** A name no other writer (thread, process) will pick. */
export function tmpName(): string {
  tmpCounter = (tmpCounter + 1) % 1e9;
  return `${process.pid}-${tmpCounter}-${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * Tracks files and folders written since the last sync, then makes them durable in one batch.
 * On Linux one `syncfs` (via `sync -f`) flushes the whole filesystem at once, far cheaper than
 * an fsync per chunk; elsewhere every pending file and folder is fsynced, many in parallel.
 */
export class Durability {
  private files = new Set<string>();
  private dirs = new Set<string>();
  private running: Promise<void> | null = null;

  constructor(private readonly root: string) {}

  wrote(file: string): void {
    this.files.add(file);
    this.dirs.add(dirname(file));
  }

  /** A folder whose entries changed (a rename into it): its entry must reach the disk too. */
  wroteDir(dir: string): void {
    this.dirs.add(dir);
  }

  get pending(): number {
    return this.files.size + this.dirs.size;
  }

  async sync(): Promise<void> {
    // Chain so a caller never returns before the writes it made are on disk.
    const prev = this.running ?? Promise.resolve();
    const files = [...this.files];
    const dirs = [...this.dirs];
    this.files.clear();
    this.dirs.clear();
    const next = prev.then(() => flush(this.root, files, dirs));
    this.running = next.finally(() => {
      if (this.running === next) this.running = null;
    });
    return next;
  }
}

async function fsyncPath(path: string): Promise<void> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    // Gone since (replaced by an identical object or collected): nothing left to flush.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function flush(root: string, files: string[], dirs: string[]): Promise<void> {
  if (files.length + dirs.length === 0) return;
  if (process.platform === 'linux' && files.length + dirs.length > 16 && (await syncfs(root)))
    return;
  const all = [...files, ...dirs];
  let next = 0;
  const worker = async () => {
    while (next < all.length) await fsyncPath(all[next++]!);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

/** One syncfs(2) of the filesystem holding `root`, without blocking the event loop (the hub). */
function syncfs(root: string): Promise<boolean> {
  if (process.env.AUXIN_NO_SYNCFS) return Promise.resolve(false);
  return new Promise((resolve) => {
    const child = spawn('sync', ['-f', root], { stdio: 'ignore' });
    child.on('error', () => resolve(false));
    child.on('close', (code) => resolve(code === 0));
  });
}

/** Temporary files written beside their target start with this (fsck and gc skip them). */
export const TMP_PREFIX = '.tmp-';

/**
 * Make `dir`, one level only (EEXIST is fine); when its parent is missing, throw what
 * `parentGone()` gives. Store and hub writers make their own folders this way, never the
 * repository's: a repository deleted under a writer must stay deleted.
 */
export async function mkdirOne(dir: string, parentGone: () => unknown): Promise<void> {
  try {
    await mkdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    throw code === 'ENOENT' ? parentGone() : e;
  }
}

/**
 * Write `data` to a temporary file, then rename it into place. The temporary file goes in
 * `tmpDir`, or beside the target when `tmpDir` is null (a rename within one folder is the
 * cheapest on ext4 and APFS: content files use that).
 */
export async function atomicWrite(
  target: string,
  data: Uint8Array | string,
  tmpDir: string | null,
  opts: { fsync?: boolean } = {},
): Promise<void> {
  const tmp = tmpDir ? `${tmpDir}/${tmpName()}` : `${dirname(target)}/${TMP_PREFIX}${tmpName()}`;
  await writeFileAtomic(target, data, {
    mode: 0o644,
    makeDirs: false,
    tmpPath: tmp,
    fsync: Boolean(opts.fsync),
    // The store's own durability batches fsync folders (see Durability).
    syncDir: false,
    // A fan-out folder not made yet is made; only it: when its parent is gone too, the whole
    // store was deleted, and must not come back.
    ensureDir: (dir, cause) => mkdirOne(dir, () => cause),
  });
}

export async function fsyncDir(dir: string): Promise<void> {
  await fsyncPath(dir);
}

/**
 * `mkdir -p` for a folder the user named, returning the first folder it made (undefined when
 * `dir` was there), as `mkdir(dir, {recursive: true})` does. Node's own reports ENOENT for a
 * read-only disk, and never returns for a path under /proc (its parent exists, the child can
 * never be made, and it retries for ever); this one gives each folder one try and the real error.
 */
export async function makeDirs(dir: string): Promise<string | undefined> {
  const isDir = () =>
    stat(dir).then(
      (st) => st.isDirectory(),
      () => false,
    );
  try {
    await mkdir(dir);
    return dir;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' && (await isDir())) return undefined;
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw e;
    const first = await makeDirs(parent);
    try {
      await mkdir(dir);
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException).code === 'EEXIST' && (await isDir())) return first;
      throw e2;
    }
    return first ?? dir;
  }
}

export function isEnoent(e: unknown): boolean {
  return (e as NodeJS.ErrnoException)?.code === 'ENOENT';
}
