import {
  chmod,
  lstat,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  rmdir,
  symlink,
  unlink,
  type FileHandle,
} from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Tree, TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { BufferPool } from './bufferpool.js';
import { tmpName } from './fsutil.js';
import { sizedUnits } from './units.js';
import { createHasher } from './hash.js';
import { acquireLock } from './lockfile.js';
import { scanWorkDir, type ScanEntry } from './scan.js';
import { sameAsEntry, workStatus } from './status.js';
import type { Store } from './store.js';
import { nowNs, WorkIndex } from './workindex.js';
import { clearPendingCheckout, interruptedError, readPendingCheckout } from './pending.js';

export interface CheckoutResult {
  commit: string;
  branch: string | null;
  written: number;
  removed: number;
}

export interface CheckoutOptions {
  force?: boolean;
  /** Progress: bytes of files to write, then bytes written. */
  onTotal?: (bytes: number) => void;
  onBytes?: (bytes: number) => void;
}

export const WORK_TMP_PREFIX = '.auxin-tmp-';

/** Stored bytes read per step while restoring a file; two steps' buffers alternate. */
const STEP = 8 * 1024 * 1024;
/** Two per file being restored; a few checkouts at once in one process keep at most 4. */
const stepBuffers = new BufferPool(STEP + 256 * 1024, 4);

/**
 * Write a stored file beside its place, check its content hash, then rename it into place. The
 * chunks are read in steps of about 8 MiB into two reused buffers, the next step read while
 * this one is hashed and written in 1 MiB writevs: reading each chunk into a buffer of its own
 * and writing it alone made the garbage collector and the thread pool the cost of a checkout.
 */
async function restoreFile(
  store: Store,
  e: TreeEntry,
  abs: string,
  onBytes?: (n: number) => void,
): Promise<void> {
  const tmp = `${dirname(abs)}/${WORK_TMP_PREFIX}${tmpName()}`;
  const hasher = createHasher();
  const steps = sizedUnits(e.chunks ?? [], (c) => c.size, STEP, Infinity);
  const buffers = [stepBuffers.take(), stepBuffers.take()];
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
    for (const b of buffers) stepBuffers.give(b);
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

async function removeEntry(abs: string, kind: ScanEntry['kind']): Promise<void> {
  if (kind === 'dir') await rm(abs, { recursive: true, force: true });
  else await unlink(abs).catch(() => {});
}

/** A folder the scan did not see (an ignored one) may already be there: it is kept. */
async function makeFolder(abs: string, path: string): Promise<void> {
  try {
    await mkdir(abs, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    if (!(await lstat(abs)).isDirectory()) {
      throw new AuxinError(
        'CONFLICT',
        `${path}: an ignored file is where this version has a folder`,
        {
          path,
        },
      );
    }
  }
}

/**
 * Remove the temporary files a killed checkout left (ignored, so nothing else ever would) from
 * the folders this version writes into. The commit lock keeps any other checkout out meanwhile.
 */
async function removeLeftovers(workDir: string, tree: Tree): Promise<void> {
  const folders = ['', ...tree.entries.filter((e) => e.kind === 'dir').map((e) => e.path)];
  for (const f of folders) {
    const abs = f ? `${workDir}/${f}` : workDir;
    const names = await readdir(abs).catch(() => [] as string[]);
    for (const n of names) {
      if (n.startsWith(WORK_TMP_PREFIX)) await unlink(`${abs}/${n}`).catch(() => {});
    }
  }
}

/** Test hook: kill this process after writing N files, to test interrupted checkouts for real. */
const KILL_AFTER = Number(process.env.AUXIN_TEST_CHECKOUT_KILL_AFTER ?? 0);

/**
 * Write `tree` into the working folder: remove `remove` (deepest first), write every entry that
 * differs from `working` (the folder's entries as found, by path), set folder modes, and save a
 * fresh change-detection index. The caller has checked that nothing here is a local change.
 */
export async function applyTree(
  store: Store,
  workDir: string,
  tree: Tree,
  working: Map<string, ScanEntry>,
  remove: ScanEntry[],
  opts: CheckoutOptions,
): Promise<{ written: number; removed: number }> {
  const index = await WorkIndex.load(`${store.root}/index`);
  let removed = 0;
  let written = 0;
  const wrote = () => {
    written++;
    if (written === KILL_AFTER) process.kill(process.pid, 'SIGKILL');
  };
  opts.onTotal?.(tree.entries.reduce((a, e) => a + (e.kind === 'file' ? e.size : 0), 0));
  await removeLeftovers(workDir, tree);
  for (const s of [...remove].reverse()) {
    const abs = `${workDir}/${s.path}`;
    if (s.kind === 'dir')
      await rmdir(abs).catch(() => {}); // keeps ignored files inside
    else await unlink(abs).catch(() => {});
    removed++;
  }
  for (const e of tree.entries) {
    const abs = `${workDir}/${e.path}`;
    let s = working.get(e.path);
    if (s && s.kind !== e.kind) {
      await removeEntry(abs, s.kind);
      s = undefined;
    }
    if (e.kind === 'dir') {
      if (!s) await makeFolder(abs, e.path);
    } else if (e.kind === 'symlink') {
      if (s && s.target === e.target) continue;
      if (s) await unlink(abs);
      await symlink(e.target!, abs);
      wrote();
    } else {
      if (s && (await sameAsEntry(workDir, s, e, index))) {
        opts.onBytes?.(e.size);
        continue;
      }
      await restoreFile(store, e, abs, opts.onBytes);
      wrote();
    }
  }
  // Folder modes last, deepest first: a read-only folder must not block writing its content.
  for (const e of [...tree.entries].reverse()) {
    if (e.kind === 'dir') await chmod(`${workDir}/${e.path}`, e.mode);
  }
  const fresh = new WorkIndex(`${store.root}/index`);
  const now = nowNs();
  for (const e of tree.entries) {
    if (e.kind !== 'file') continue;
    const st = await lstat(`${workDir}/${e.path}`, { bigint: true });
    const s: ScanEntry = {
      path: e.path,
      kind: 'file',
      mode: Number(st.mode & 0o777n),
      size: Number(st.size),
      mtimeNs: st.mtimeNs,
      ctimeNs: st.ctimeNs,
      ino: st.ino,
    };
    fresh.record(s, e, now);
  }
  await fresh.save(store.objects.tmpDir);
  return { written, removed };
}

/**
 * Make the working folder exactly the given version. Links in the working folder are never
 * written through: an entry whose kind differs is removed first (a link is unlinked, not
 * followed), and the tree's own rules guarantee every parent of a path is a folder entry.
 */
export async function checkoutWorkDir(
  store: Store,
  workDir: string,
  rev: string,
  opts: CheckoutOptions,
): Promise<CheckoutResult> {
  const release = await acquireLock(`${store.root}/locks/commit.lock`, {
    waitMs: 0,
    what: 'a commit',
  });
  try {
    const pending = readPendingCheckout(store.root);
    if (pending && !opts.force) throw interruptedError(pending);
    const commitId = await store.resolve(rev);
    let isBranch = false;
    try {
      isBranch = store.readRef(rev) === commitId;
    } catch {
      isBranch = false;
    }
    const tree = await store.readTree((await store.readCommit(commitId)).tree_id);
    if (!opts.force) {
      const st = await workStatus(store, workDir);
      if (!st.clean) {
        const paths = [...st.modified, ...st.added, ...st.removed];
        throw new AuxinError(
          'UNCOMMITTED_CHANGES',
          `uncommitted changes in ${paths.length} path(s) (${paths.slice(0, 3).join(', ')}); commit them or use --force`,
          { paths },
        );
      }
    }
    const scan = await scanWorkDir(workDir);
    const working = new Map(scan.entries.map((s) => [s.path, s]));
    const wanted = new Set(tree.entries.map((e) => e.path));
    const remove = scan.entries.filter((s) => !wanted.has(s.path));
    const { written, removed } = await applyTree(store, workDir, tree, working, remove, opts);
    if (isBranch) await store.refs.setHead({ branch: rev });
    else await store.refs.setHead({ commit: commitId });
    // A forced checkout abandons an interrupted pull: the folder is now exactly this version.
    if (pending) await clearPendingCheckout(store.root);
    return { commit: commitId, branch: isBranch ? rev : null, written, removed };
  } finally {
    await release();
  }
}
