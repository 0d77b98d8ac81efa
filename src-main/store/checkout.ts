import { createWriteStream } from 'node:fs';
import { chmod, lstat, mkdir, rename, rm, rmdir, symlink, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { tmpName } from './fsutil.js';
import { createHasher } from './hash.js';
import { acquireLock } from './lockfile.js';
import { scanWorkDir, type ScanEntry } from './scan.js';
import { sameAsEntry, workStatus } from './status.js';
import type { Store } from './store.js';
import { nowNs, WorkIndex } from './workindex.js';

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

/** Write a stored file beside its place, check its content hash, then rename it into place. */
async function restoreFile(
  store: Store,
  e: TreeEntry,
  abs: string,
  onBytes?: (n: number) => void,
): Promise<void> {
  const tmp = `${dirname(abs)}/${WORK_TMP_PREFIX}${tmpName()}`;
  const hasher = createHasher();
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      hasher.update(chunk);
      onBytes?.(chunk.length);
      cb(null, chunk);
    },
  });
  try {
    await pipeline(store.fileStream(e), tap, createWriteStream(tmp, { flags: 'wx', mode: e.mode }));
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
  }
}

async function removeEntry(abs: string, kind: ScanEntry['kind']): Promise<void> {
  if (kind === 'dir') await rm(abs, { recursive: true, force: true });
  else await unlink(abs).catch(() => {});
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
    const index = await WorkIndex.load(`${store.root}/index`);
    const working = new Map(scan.entries.map((s) => [s.path, s]));
    const wanted = new Map(tree.entries.map((e) => [e.path, e]));
    let removed = 0;
    let written = 0;
    opts.onTotal?.(tree.entries.reduce((a, e) => a + (e.kind === 'file' ? e.size : 0), 0));
    for (const s of [...scan.entries].reverse()) {
      if (wanted.has(s.path)) continue;
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
        if (!s) await mkdir(abs, { mode: 0o700 });
      } else if (e.kind === 'symlink') {
        if (s && s.target === e.target) continue;
        if (s) await unlink(abs);
        await symlink(e.target!, abs);
        written++;
      } else {
        if (s && (await sameAsEntry(workDir, s, e, index))) {
          opts.onBytes?.(e.size);
          continue;
        }
        await restoreFile(store, e, abs, opts.onBytes);
        written++;
      }
    }
    // Folder modes last, deepest first: a read-only folder must not block writing its content.
    for (const e of [...tree.entries].reverse()) {
      if (e.kind === 'dir') await chmod(`${workDir}/${e.path}`, e.mode);
    }
    if (isBranch) await store.refs.setHead({ branch: rev });
    else await store.refs.setHead({ commit: commitId });
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
    return { commit: commitId, branch: isBranch ? rev : null, written, removed };
  } finally {
    await release();
  }
}
