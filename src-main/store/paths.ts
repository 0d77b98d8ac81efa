import { AuxinError } from '../../src-shared/errors.js';

/**
 * Path and name rules. These are security decisions (a tree may come from another machine
 * through the hub), so they are pure functions tested with hostile inputs.
 */

/** Where a working folder keeps its store: `.auxin/` inside, or beside a Logic bundle. */
export const STORE_DIR_NAME = '.auxin';
const BUNDLE_RE = /\.(logicx|band)$/i;

export function isBundleName(name: string): boolean {
  return BUNDLE_RE.test(name) && name.length > 6;
}

/** The hidden sibling that holds a bundle's history: `MySong.logicx` -> `.MySong.logicx.auxin`. */
export function bundleStoreName(bundleName: string): string {
  return `.${bundleName}.auxin`;
}

/** The bundle name a sibling store belongs to, or null. */
export function bundleNameOfStore(storeName: string): string | null {
  const m = /^\.(.+)\.auxin$/.exec(storeName);
  return m && isBundleName(m[1]!) ? m[1]! : null;
}

/**
 * A path inside a tree: relative, POSIX, no empty, `.` or `..` components, no NUL, no
 * backslash-free tricks needed on POSIX, and never inside the store folder.
 * Returns a reason when the path is not acceptable, null when it is.
 */
export function treePathProblem(path: string): string | null {
  if (typeof path !== 'string' || path.length === 0) return 'empty path';
  if (path.length > 4096) return 'path too long';
  if (path.includes('\0')) return 'NUL in path';
  if (path.startsWith('/')) return 'absolute path';
  if (path.includes('\\')) return 'backslash in path';
  if (/[\uD800-\uDFFF]/.test(path.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return 'lone surrogate in path';
  }
  const parts = path.split('/');
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..') return `bad component '${p}'`;
    if (Buffer.byteLength(p, 'utf8') > 255) return 'name too long';
  }
  if (parts[0] === STORE_DIR_NAME) return 'path inside the store folder';
  return null;
}

export function assertTreePath(path: string): void {
  const problem = treePathProblem(path);
  if (problem) throw new AuxinError('INVALID_PATH', `invalid path '${path}': ${problem}`);
}

/** Branch names: git-like, safe as file names under refs/heads/. */
export function branchNameProblem(name: string): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'empty name';
  if (name.length > 200) return 'name too long';
  // Its lock file, `refs%2Fheads%2F<name with each / as %2F>.lock`, must fit the filesystem's
  // 255 bytes a name (the name is ASCII, so characters are bytes).
  if (20 + name.length + 2 * (name.split('/').length - 1) > 255) return 'name too long';
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/]*$/.test(name)) {
    return 'use letters, digits, ".", "_", "-" and "/", starting with a letter or digit';
  }
  if (name === 'HEAD') return 'reserved name';
  for (const part of name.split('/')) {
    if (part === '' || part.startsWith('.') || part.endsWith('.lock') || part.endsWith('.')) {
      return `bad component '${part}'`;
    }
  }
  if (name.includes('..')) return "'..' in name";
  return null;
}

export function assertBranchName(name: string): void {
  const problem = branchNameProblem(name);
  if (problem) throw new AuxinError('INVALID_NAME', `invalid branch name '${name}': ${problem}`);
}

/** The parent folder of a tree path ('' for the top level). */
export function parentPath(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Names that differ only in Unicode normalisation (macOS writes NFD, most other systems NFC)
 * are different files to the store, kept byte for byte. When such look-alikes sit in one
 * listing, text output labels each with its form so a person can tell them apart.
 * Returns a label for each path that has a look-alike, e.g. "NFD" or "NFC".
 */
export function normalisationLabels(paths: string[]): Map<string, string> {
  const groups = new Map<string, string[]>();
  for (const p of paths) {
    const key = p.normalize('NFC');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const labels = new Map<string, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    for (const p of group) {
      const form = p === p.normalize('NFC') ? 'NFC' : p === p.normalize('NFD') ? 'NFD' : 'mixed';
      labels.set(p, form);
    }
  }
  return labels;
}
