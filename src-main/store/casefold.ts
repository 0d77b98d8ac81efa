import { randomBytes } from 'node:crypto';
import { lstat, unlink, writeFile } from 'node:fs/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { WORK_TMP_PREFIX } from './restore.js';

/**
 * A Mac's disk (APFS or HFS+ as formatted by default, exFAT too) ignores case and Unicode form
 * in names: `Take.wav` and `take.wav` are one file there. A version made on Linux or on a
 * case-sensitive volume may hold both; written out on a Mac, one would silently replace the
 * other (and a folder pair would merge, so the folder never again matches the version). So a
 * commit warns about such names, and checkout, pull and clone refuse, before writing anything,
 * to put such a version into a folder whose disk ignores case.
 */

/** The name a case- and form-insensitive disk sees. Pure. */
export function foldName(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** Groups of two or more paths that such a disk would take for one. Pure. */
export function caseCollisions(paths: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const key = foldName(p);
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** Two paths of a group as the user reads them: `"Take.wav" and "take.wav"`. */
export function describeCollisions(groups: string[][]): string {
  const shown = groups.slice(0, 3).map((g) => g.map((p) => JSON.stringify(p)).join(' and '));
  return shown.join('; ') + (groups.length > 3 ? `; and ${groups.length - 3} more` : '');
}

/**
 * Whether the disk holding `dir` ignores case, found by creating a file with capitals in it and
 * looking for its lower-case name. Test hook: AUXIN_TEST_CASE_INSENSITIVE=1 says yes (Linux test
 * machines have no such filesystem to mount).
 */
export async function ignoresCase(dir: string): Promise<boolean> {
  if (process.env.AUXIN_TEST_CASE_INSENSITIVE === '1') return true;
  const name = `${WORK_TMP_PREFIX}CASE-${process.pid}-${randomBytes(4).toString('hex')}`;
  await writeFile(`${dir}/${name}`, '');
  try {
    await lstat(`${dir}/${name.toLowerCase()}`);
    return true;
  } catch {
    return false;
  } finally {
    await unlink(`${dir}/${name}`).catch(() => {});
  }
}

/** Refuse to write `paths` into `dir` when its disk would take two of them for one. */
export async function assertFitsDisk(dir: string, paths: readonly string[]): Promise<void> {
  const groups = caseCollisions(paths);
  if (groups.length === 0 || !(await ignoresCase(dir))) return;
  throw new AuxinError(
    'CASE_COLLISION',
    `this version holds names that differ only in case (or Unicode form), which this disk takes ` +
      `for one: ${describeCollisions(groups)}; nothing was written. Rename one of each on a ` +
      `case-sensitive machine and commit, or check it out on a case-sensitive volume`,
    { paths: groups.slice(0, 50) },
  );
}
