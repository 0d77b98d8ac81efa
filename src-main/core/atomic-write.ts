/**
 * The one durable small-file write: a temporary file beside the target, written and fsynced,
 * renamed over the target, then the folder fsynced (so the rename itself survives a crash). A
 * write that fails (a full disk) removes its temporary file: nothing else ever would.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';

export interface AtomicWriteOptions {
  /** The file's permissions (0o600: state files hold tokens and hashes). */
  mode?: number;
  /**
   * Make the parent folders first (0o700). False when the caller made the folder, and a folder
   * that is gone (a deleted repository) must stay gone.
   */
  makeDirs?: boolean;
  /** Where the temporary file goes, when a sweep elsewhere recognises its name. */
  tmpPath?: string;
  /** Fsync the file before the rename (default true). */
  fsync?: boolean;
  /** Fsync the folder after the rename (default true). */
  syncDir?: boolean;
  /**
   * Called when the temporary file's folder or the target's is missing (ENOENT), to make it
   * (one level: see store/fsutil.ts mkdirOne) or throw; the step is then tried once more.
   */
  ensureDir?: (dir: string, cause: unknown) => Promise<void>;
}

const isEnoent = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

/** `step()`, and when it fails for a missing folder and `ensureDir` can make it, once more. */
async function retryInDir<T>(
  step: () => Promise<T>,
  dir: string,
  ensureDir: AtomicWriteOptions['ensureDir'],
): Promise<T> {
  try {
    return await step();
  } catch (e) {
    if (!ensureDir || !isEnoent(e)) throw e;
    await ensureDir(dir, e);
    return step();
  }
}

function tempName(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

// Windows cannot open a folder for fsync; the rename is durable enough there.
const canSyncDirs = process.platform !== 'win32';

export function writeFileAtomicSync(
  file: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): void {
  if (opts.makeDirs !== false) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = opts.tmpPath ?? tempName(file);
  try {
    const fd = fs.openSync(tmp, 'wx', opts.mode ?? 0o600);
    try {
      fs.writeFileSync(fd, data);
      if (opts.fsync !== false) fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  if (opts.syncDir !== false && canSyncDirs) {
    const fd = fs.openSync(path.dirname(file), 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  opts: AtomicWriteOptions = {},
): Promise<void> {
  if (opts.makeDirs !== false) {
    await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  }
  const tmp = opts.tmpPath ?? tempName(file);
  const handle = await retryInDir(
    () => fsp.open(tmp, 'wx', opts.mode ?? 0o600),
    path.dirname(tmp),
    opts.ensureDir,
  );
  try {
    try {
      await handle.writeFile(data);
      if (opts.fsync !== false) await handle.sync();
    } finally {
      await handle.close();
    }
    await retryInDir(() => fsp.rename(tmp, file), path.dirname(file), opts.ensureDir);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
  if (opts.syncDir !== false && canSyncDirs) await syncDir(path.dirname(file));
}

/** Fsync a folder, so the names made or renamed in it survive a crash. */
export async function syncDir(dir: string): Promise<void> {
  if (!canSyncDirs) return;
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
