/** Where a repository lives under the data folder, checked so no name can escape it. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { nameProblem } from '../../src-shared/names.js';

/**
 * A valid name, in NFC: `Canción` typed precomposed or decomposed (as a Mac keyboard may give
 * it) is one repository, never two that look the same.
 */
export function assertName(value: unknown, what: 'namespace' | 'name'): string {
  const problem = nameProblem(value);
  if (problem) throw new AuxinError('INVALID_NAME', `the ${what} ${problem}`, { field: what });
  return (value as string).normalize('NFC');
}

/** `<data>/<ns>/<name>`, after validating both names and checking the result stays inside. */
export function repoDir(dataDir: string, namespace: string, name: string): string {
  assertName(namespace, 'namespace');
  assertName(name, 'name');
  const root = path.resolve(dataDir);
  const dir = path.resolve(root, namespace, name);
  const rel = path.relative(root, dir);
  if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).length !== 2) {
    throw new AuxinError('INVALID_NAME', 'the repository name escapes the data folder');
  }
  return dir;
}

/** Refuse to follow a symlink planted at `<data>/<ns>` or `<data>/<ns>/<name>`. */
export function assertNoSymlinks(dataDir: string, namespace: string, name: string): void {
  const root = path.resolve(dataDir);
  for (const p of [path.join(root, namespace), path.join(root, namespace, name)]) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      continue;
    }
    if (st.isSymbolicLink() || !st.isDirectory()) {
      throw new AuxinError('INVALID_PATH', `${namespace}/${name} is not a plain folder on the hub`);
    }
  }
}
