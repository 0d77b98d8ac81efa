import type { EntryKind, Tree, TreeEntry } from '../../src-shared/api/commits.js';

/** What changed between two trees: paths with their kinds and sizes. */
export interface DiffEntry {
  path: string;
  kind: EntryKind;
  size: number;
}
export interface ChangedEntry {
  path: string;
  kind: EntryKind;
  old_size: number;
  new_size: number;
  old_kind: EntryKind;
}
export interface TreeDiff {
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: ChangedEntry[];
}

function same(a: TreeEntry, b: TreeEntry): boolean {
  return (
    a.kind === b.kind &&
    a.mode === b.mode &&
    a.size === b.size &&
    a.content_id === b.content_id &&
    a.target === b.target
  );
}

export function diffTrees(a: Tree, b: Tree): TreeDiff {
  const before = new Map(a.entries.map((e) => [e.path, e]));
  const after = new Map(b.entries.map((e) => [e.path, e]));
  const out: TreeDiff = { added: [], removed: [], changed: [] };
  for (const e of b.entries) {
    const old = before.get(e.path);
    if (!old) out.added.push({ path: e.path, kind: e.kind, size: e.size });
    else if (!same(old, e)) {
      out.changed.push({
        path: e.path,
        kind: e.kind,
        old_kind: old.kind,
        old_size: old.size,
        new_size: e.size,
      });
    }
  }
  for (const e of a.entries) {
    if (!after.has(e.path)) out.removed.push({ path: e.path, kind: e.kind, size: e.size });
  }
  return out;
}
