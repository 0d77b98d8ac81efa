import { lstatSync, readFileSync, readdirSync, rmdirSync } from 'node:fs';
import { mkdir, open, rename, rmdir, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { fsyncDir, isEnoent, tmpName } from './fsutil.js';
import { ID_RE } from './hash.js';
import { acquireLock } from './lockfile.js';
import { assertBranchName } from './paths.js';

/**
 * HEAD and branches. HEAD is `ref: refs/heads/<name>` (on a branch) or a commit id (detached).
 * A ref file holds one commit id. Refs move only by compare-and-swap under a lock file, and the
 * new value is written to a temporary file, fsynced and renamed, so a crash leaves the old value.
 */
export interface Head {
  branch: string | null;
  commit: string | null;
}

export class Refs {
  constructor(readonly root: string) {}

  private refPath(branch: string): string {
    return `${this.root}/refs/heads/${branch}`;
  }

  private lockPath(name: string): string {
    return `${this.root}/locks/${name.replaceAll('/', '%2F')}.lock`;
  }

  /**
   * A branch's path never passes through a symlink (`refs`, `refs/heads` or a folder of the
   * name), which would read or write a ref outside the store.
   */
  private assertNoLinks(branch: string): void {
    const parts = ['refs', 'heads', ...branch.split('/')];
    for (let i = 1; i <= parts.length; i++) {
      let link: boolean;
      try {
        link = lstatSync(`${this.root}/${parts.slice(0, i).join('/')}`).isSymbolicLink();
      } catch {
        return; // missing (or not a folder): nothing further down exists to follow
      }
      if (link) {
        throw new AuxinError('INVALID_PATH', `branch ${branch} leads through a symlink`, {
          branch,
        });
      }
    }
  }

  readRef(branch: string): string | null {
    assertBranchName(branch);
    this.assertNoLinks(branch);
    let text: string;
    try {
      text = readFileSync(this.refPath(branch), 'utf8').trim();
    } catch (e) {
      // A folder (branches below this name) or a file above it (`main` for `main/sub`): no such
      // branch, though casRef will refuse to create it.
      const code = errnoOf(e);
      if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
      throw unreadableRef(branch, e);
    }
    if (!ID_RE.test(text)) throw new AuxinError('CORRUPT_OBJECT', `branch ${branch} is damaged`);
    return text;
  }

  readHeadRaw(): string {
    try {
      return readFileSync(`${this.root}/HEAD`, 'utf8').trim();
    } catch (e) {
      if (isEnoent(e)) throw new AuxinError('NOT_A_REPOSITORY', `${this.root} has no HEAD`);
      throw e;
    }
  }

  head(): Head {
    const raw = this.readHeadRaw();
    if (raw.startsWith('ref: refs/heads/')) {
      const branch = raw.slice('ref: refs/heads/'.length);
      return { branch, commit: this.readRef(branch) };
    }
    if (ID_RE.test(raw)) return { branch: null, commit: raw };
    throw new AuxinError('CORRUPT_OBJECT', `HEAD is damaged: '${raw.slice(0, 80)}'`);
  }

  listBranches(): { name: string; commit_id: string }[] {
    const out: { name: string; commit_id: string }[] = [];
    const walk = (dir: string, prefix: string) => {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch (e) {
        if (isEnoent(e)) return;
        throw unreadableRef(prefix.slice(0, -1) || 'refs/heads', e);
      }
      for (const n of names.sort()) {
        if (n.startsWith('.')) continue; // a rename in flight, or left by a crash
        const full = `${dir}/${n}`;
        try {
          const st = lstatSync(full);
          if (st.isSymbolicLink()) continue; // never followed out of the store (assertNoLinks)
          if (st.isDirectory()) walk(full, `${prefix}${n}/`);
          else {
            const id = readFileSync(full, 'utf8').trim();
            if (ID_RE.test(id)) out.push({ name: `${prefix}${n}`, commit_id: id });
          }
        } catch (e) {
          if (isEnoent(e)) continue; // deleted while listing
          if (e instanceof AuxinError) throw e;
          throw unreadableRef(`${prefix}${n}`, e);
        }
      }
    };
    for (const dir of ['refs', 'refs/heads']) {
      if (lstatSync(`${this.root}/${dir}`, { throwIfNoEntry: false })?.isSymbolicLink()) {
        throw new AuxinError('INVALID_PATH', `${dir} leads through a symlink`);
      }
    }
    walk(`${this.root}/refs/heads`, '');
    return out;
  }

  /** Write `text` to `target` durably: temp file in the same folder, fsync, rename, fsync folder. */
  private async replaceFile(target: string, text: string): Promise<void> {
    const tmp = `${dirname(target)}/.${tmpName()}`;
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(text);
      await fh.sync();
    } finally {
      await fh.close();
    }
    try {
      await rename(tmp, target);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
    await fsyncDir(dirname(target));
  }

  /**
   * Move `branch` from `expectedOld` (null: the branch must not exist) to `next`, atomically
   * across processes. Throws REF_CONFLICT when the branch is somewhere else.
   */
  async casRef(branch: string, expectedOld: string | null, next: string | null): Promise<void> {
    assertBranchName(branch);
    if (next !== null && !ID_RE.test(next)) {
      throw new AuxinError('INVALID_ARGUMENT', `bad commit id '${next}'`);
    }
    const release = await acquireLock(this.lockPath(`refs/heads/${branch}`), {
      what: `branch ${branch}`,
    });
    try {
      // readRef also refuses a path through a symlink, here under the branch's lock.
      const current = this.readRef(branch);
      if (current !== expectedOld) {
        throw new AuxinError(
          'REF_CONFLICT',
          `branch ${branch} is at ${current ?? 'nothing'}, not ${expectedOld ?? 'nothing'}`,
          { branch, expected: expectedOld, actual: current },
        );
      }
      const target = this.refPath(branch);
      if (next === null) {
        await unlink(target);
        await this.pruneFolders(branch);
        await fsyncDir(dirname(target));
      } else {
        this.assertNoClash(branch);
        try {
          await mkdir(dirname(target), { recursive: true });
          await this.replaceFile(target, `${next}\n`);
        } catch (e) {
          // A clash created by another process since the check above.
          const code = errnoOf(e);
          if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR' || code === 'ENOTEMPTY')
            throw clash(branch);
          throw e;
        }
      }
    } finally {
      await release();
    }
  }

  /**
   * A branch is a file under refs/heads, so `main/sub` cannot exist beside `main`, nor `feat`
   * beside `feat/x` (git's rule too): refuse with CONFLICT instead of failing in the filesystem.
   */
  private assertNoClash(branch: string): void {
    const parts = branch.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const name = parts.slice(0, i).join('/');
      let isDir: boolean;
      try {
        isDir = lstatSync(this.refPath(name)).isDirectory();
      } catch (e) {
        if (isEnoent(e)) return;
        throw unreadableRef(name, e);
      }
      if (i < parts.length ? isDir : !isDir) continue;
      // An empty folder left by a branch deleted before folders were pruned holds no branch.
      if (i === parts.length && rmdirQuietly(this.refPath(name))) return;
      throw clash(branch, name);
    }
  }

  /** Folders a deleted branch leaves empty go too, so a later branch may take their name. */
  private async pruneFolders(branch: string): Promise<void> {
    const parts = branch.split('/');
    for (let i = parts.length - 1; i > 0; i--) {
      const ok = await rmdir(this.refPath(parts.slice(0, i).join('/'))).then(
        () => true,
        () => false,
      );
      if (!ok) return;
    }
  }

  /** Point HEAD at a branch (`{branch}`) or detach it at a commit (`{commit}`). */
  async setHead(to: { branch: string } | { commit: string }, expected?: string): Promise<void> {
    const text = 'branch' in to ? `ref: refs/heads/${to.branch}` : to.commit;
    if ('branch' in to) assertBranchName(to.branch);
    else if (!ID_RE.test(to.commit)) throw new AuxinError('INVALID_ARGUMENT', 'bad commit id');
    const release = await acquireLock(this.lockPath('HEAD'), { what: 'HEAD' });
    try {
      if (expected !== undefined && this.readHeadRaw() !== expected) {
        throw new AuxinError('REF_CONFLICT', 'HEAD moved meanwhile');
      }
      await this.replaceFile(`${this.root}/HEAD`, `${text}\n`);
    } finally {
      await release();
    }
  }
}

function errnoOf(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

function clash(branch: string, other?: string): AuxinError {
  const why =
    other === undefined || other === branch
      ? `branches named '${branch}/...' exist`
      : `branch '${other}' exists`;
  return new AuxinError('CONFLICT', `cannot create branch '${branch}': ${why}`, { branch });
}

/** A ref file the filesystem will not read (a symlink loop, permissions): the store is damaged. */
function unreadableRef(branch: string, e: unknown): AuxinError {
  const code = errnoOf(e) ?? 'error';
  if (code === 'ENAMETOOLONG') {
    return new AuxinError('INVALID_NAME', `branch name '${branch}' is too long`);
  }
  return new AuxinError('CORRUPT_OBJECT', `branch ${branch} cannot be read (${code})`, { branch });
}

function rmdirQuietly(path: string): boolean {
  try {
    rmdirSync(path);
    return true;
  } catch {
    return false;
  }
}
