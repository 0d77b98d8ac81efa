/** A listing of every entry under a root with sizes and SHA-256: to prove nothing changed, or two trees match. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface SnapshotOptions {
  /** Entry names left out at any depth (e.g. the `.auxin` store folder). */
  skip?: string[];
  /** List folders themselves (default); off, empty folders do not show. */
  dirs?: boolean;
}

export function snapshot(root: string, opts: SnapshotOptions = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (opts.skip?.includes(entry.name)) continue;
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (entry.isDirectory()) {
        if (opts.dirs !== false) out[rel + '/'] = 'dir';
        walk(full);
      } else if (entry.isSymbolicLink()) {
        out[rel] = `link -> ${fs.readlinkSync(full)}`;
      } else {
        const data = fs.readFileSync(full);
        out[rel] = `${data.length} ${createHash('sha256').update(data).digest('hex')}`;
      }
    }
  };
  walk(root);
  return out;
}

/** Throw unless the two project folders hold the same files, byte for byte (store folders aside). */
export function expectSameFiles(a: string, b: string): void {
  const opts = { skip: ['.auxin'], dirs: false };
  const sa = snapshot(a, opts);
  const sb = snapshot(b, opts);
  const diff = [...new Set([...Object.keys(sa), ...Object.keys(sb)])].filter(
    (k) => sa[k] === undefined || sa[k] !== sb[k],
  );
  if (diff.length) throw new Error(`folders differ in: ${diff.join(', ')}`);
}
