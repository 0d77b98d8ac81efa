/** A listing of every file and folder under a root with sizes and SHA-256, to prove nothing changed. */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      const rel = path.relative(root, full);
      if (entry.isDirectory()) {
        out[rel + '/'] = 'dir';
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
