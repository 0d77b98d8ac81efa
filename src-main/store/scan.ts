import type { BigIntStats } from 'node:fs';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import type { EntryKind } from '../../src-shared/api/commits.js';
import { comparePaths } from './canonical.js';
import { IgnoreRules } from './ignore.js';
import { treePathProblem } from './paths.js';

/**
 * One walk of the working folder. Symbolic links are read as links (lstat, readlink) and never
 * followed, so nothing outside the project is ever read. Names are taken as the bytes the
 * filesystem gives: a name that is not valid UTF-8 cannot be represented in a tree and is
 * reported as skipped rather than silently altered.
 */
export interface ScanEntry {
  path: string;
  kind: EntryKind;
  mode: number;
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  target?: string;
}

/** The fields every entry takes from its lstat, whatever its kind. */
export function statFields(path: string, st: BigIntStats) {
  return {
    path,
    mode: Number(st.mode & 0o777n),
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
    ino: st.ino,
  };
}

export interface ScanResult {
  entries: ScanEntry[];
  skipped: { path: string; reason: string }[];
}

export async function loadIgnoreRules(workDir: string): Promise<IgnoreRules> {
  let text = '';
  try {
    text = await readFile(`${workDir}/.auxinignore`, 'utf8');
  } catch {
    // no project patterns
  }
  return new IgnoreRules(text);
}

export async function scanWorkDir(workDir: string, rules?: IgnoreRules): Promise<ScanResult> {
  const ignore = rules ?? (await loadIgnoreRules(workDir));
  const entries: ScanEntry[] = [];
  const skipped: { path: string; reason: string }[] = [];
  const walk = async (rel: string): Promise<void> => {
    const abs = rel === '' ? workDir : `${workDir}/${rel}`;
    let names: Buffer[];
    try {
      names = await readdir(abs, { encoding: 'buffer' });
    } catch (e) {
      // A folder removed while we walk (a save in progress) is simply not in this version.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && rel !== '') return;
      throw e;
    }
    for (const raw of names) {
      const name = raw.toString('utf8');
      const path = rel === '' ? name : `${rel}/${name}`;
      if (!Buffer.from(name, 'utf8').equals(raw)) {
        skipped.push({ path, reason: 'name is not valid UTF-8' });
        continue;
      }
      let st;
      try {
        st = await lstat(`${workDir}/${path}`, { bigint: true });
      } catch {
        continue; // vanished while we looked
      }
      const isDir = st.isDirectory();
      if (ignore.ignores(path, isDir)) continue;
      const problem = treePathProblem(path);
      if (problem) {
        skipped.push({ path, reason: problem });
        continue;
      }
      const base = statFields(path, st);
      if (isDir) {
        entries.push({ ...base, kind: 'dir', size: 0 });
        await walk(path);
      } else if (st.isFile()) {
        entries.push({ ...base, kind: 'file', size: Number(st.size) });
      } else if (st.isSymbolicLink()) {
        const t = await readlink(`${workDir}/${path}`, { encoding: 'buffer' });
        const target = t.toString('utf8');
        if (!Buffer.from(target, 'utf8').equals(t)) {
          skipped.push({ path, reason: 'link target is not valid UTF-8' });
          continue;
        }
        entries.push({ ...base, kind: 'symlink', mode: 0o777, size: t.length, target });
      } else {
        skipped.push({ path, reason: 'not a file, folder or link' });
      }
    }
  };
  await walk('');
  entries.sort((a, b) => comparePaths(a.path, b.path));
  return { entries, skipped };
}
