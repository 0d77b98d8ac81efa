/**
 * `auxin status` in a folder of Logic bundles (a library, `~/Music/Logic`), which is not a
 * project itself: each bundle and its state, rather than advice to `auxin init` the library.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { Store } from '../store/index.js';
import { shortId } from './args.js';

export interface BundleState {
  path: string;
  versioned: boolean;
  branch?: string | null;
  commit?: string | null;
  /** Files added, modified or removed since the current version. */
  changed?: number;
  /** Set when its history could not be read. */
  error?: string;
}

/** `*.logicx` bundles in `dir` and in its sub-folders one level down (a library's layout). */
export function bundlesIn(dir: string): string[] {
  const found: string[] = [];
  const list = (d: string) =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'));
  for (const e of list(dir)) {
    const p = path.join(dir, e.name);
    if (e.name.endsWith('.logicx')) found.push(p);
    else {
      try {
        for (const f of list(p)) if (f.name.endsWith('.logicx')) found.push(path.join(p, f.name));
      } catch {
        // An unreadable sub-folder holds no bundle we could report on.
      }
    }
  }
  return found.sort();
}

export async function bundleState(bundle: string): Promise<BundleState> {
  let store: Store;
  try {
    const found = Store.discover(bundle);
    if (found.workDir !== bundle) return { path: bundle, versioned: false };
    store = found.store;
  } catch (e) {
    if (e instanceof AuxinError && e.code === 'NOT_A_REPOSITORY')
      return { path: bundle, versioned: false };
    return { path: bundle, versioned: true, error: (e as Error).message };
  }
  try {
    const st = await store.status();
    return {
      path: bundle,
      versioned: true,
      branch: st.branch,
      commit: st.commit,
      changed: st.added.length + st.modified.length + st.removed.length,
    };
  } catch (e) {
    return { path: bundle, versioned: true, error: (e as Error).message };
  }
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeBundle(b: BundleState, dir: string): string {
  const name = JSON.stringify(path.relative(dir, b.path));
  if (!b.versioned) return `  ${name}: not versioned (auxin init ${name})`;
  if (b.error) return `  ${name}: history unreadable (${b.error})`;
  const where = b.branch
    ? `${b.branch} at ${shortId(b.commit ?? null)}`
    : `detached at ${shortId(b.commit ?? null)}`;
  const changes = b.changed ? `${plural(b.changed, 'file')} changed` : 'nothing changed';
  return `  ${name}: ${where}, ${changes}`;
}
