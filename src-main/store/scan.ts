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

/** A regular file's scan entry from its (bigint) stat. */
export function fileEntry(path: string, st: BigIntStats): ScanEntry {
  return {
    path,
    kind: 'file',
    mode: Number(st.mode & 0o777n),
    size: Number(st.size),
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
    ino: st.ino,
  };
}

/**
 * What the lstat'd `path` is as a scan entry, or why it cannot be one. A link is read, never
 * followed; its target must be valid UTF-8 to be kept in a tree.
 */
export async function entryFor(
  workDir: string,
  path: string,
  st: BigIntStats,
): Promise<ScanEntry | string> {
  const base = {
    path,
    mode: Number(st.mode & 0o777n),
    mtimeNs: st.mtimeNs,
    ctimeNs: st.ctimeNs,
    ino: st.ino,
  };
  if (st.isDirectory()) return { ...base, kind: 'dir', size: 0 };
  if (st.isFile()) return fileEntry(path, st);
  if (!st.isSymbolicLink()) return 'not a file, folder or link';
  const t = await readlink(`${workDir}/${path}`, { encoding: 'buffer' });
  const target = t.toString('utf8');
  if (!Buffer.from(target, 'utf8').equals(t)) return 'link target is not valid UTF-8';
  return { ...base, kind: 'symlink', mode: 0o777, size: t.length, target };
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
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') continue; // vanished while we looked
        // Too long a path, a folder that can be listed but not entered: said, never dropped.
        skipped.push({ path, reason: `cannot be looked at (${code ?? String(e)})` });
        continue;
      }
      const isDir = st.isDirectory();
      if (ignore.ignores(path, isDir)) continue;
      const problem = treePathProblem(path);
      if (problem) {
        skipped.push({ path, reason: problem });
        continue;
      }
      const entry = await entryFor(workDir, path, st);
      if (typeof entry === 'string') {
        skipped.push({ path, reason: entry });
        continue;
      }
      entries.push(entry);
      if (entry.kind === 'dir') await walk(path);
    }
  };
  await walk('');
  entries.sort((a, b) => comparePaths(a.path, b.path));
  return { entries, skipped };
}
