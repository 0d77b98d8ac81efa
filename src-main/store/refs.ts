import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
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

  readRef(branch: string): string | null {
    assertBranchName(branch);
    let text: string;
    try {
      text = readFileSync(this.refPath(branch), 'utf8').trim();
    } catch (e) {
      if (isEnoent(e) || (e as NodeJS.ErrnoException).code === 'EISDIR') return null;
      throw e;
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
        throw e;
      }
      for (const n of names.sort()) {
        if (n.startsWith('.')) continue; // a rename in flight, or left by a crash
        const full = `${dir}/${n}`;
        if (statSync(full).isDirectory()) walk(full, `${prefix}${n}/`);
        else {
          const id = readFileSync(full, 'utf8').trim();
          if (ID_RE.test(id)) out.push({ name: `${prefix}${n}`, commit_id: id });
        }
      }
    };
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
        await fsyncDir(dirname(target));
      } else {
        await mkdir(dirname(target), { recursive: true });
        await this.replaceFile(target, `${next}\n`);
      }
    } finally {
      await release();
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
