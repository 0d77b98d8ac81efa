/** Helpers for sync tests: make project folders, compare them. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Write a small project: nested folders, awkward names, some MB of incompressible audio-like data. */
export function writeProject(dir: string, audioMiB = 4): void {
  const media = path.join(dir, 'Media', 'Audio Files');
  fs.mkdirSync(media, { recursive: true });
  fs.mkdirSync(path.join(dir, 'Alternatives', '000'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Alternatives', '000', 'ProjectData'), randomBytes(300 * 1024));
  fs.writeFileSync(path.join(media, 'Take #1 (Gitarre).wav'), randomBytes(audioMiB * 1024 * 1024));
  fs.writeFileSync(path.join(media, 'Вокал é.wav'), randomBytes(1024 * 1024));
  fs.writeFileSync(path.join(dir, 'empty.txt'), '');
  fs.mkdirSync(path.join(dir, 'Empty Folder'));
}

/** Every regular file under `dir` (store folders excluded), path -> content. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.auxin') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function expectSameFiles(a: string, b: string): void {
  const sa = snapshot(a);
  const sb = snapshot(b);
  const diff = [...new Set([...sa.keys(), ...sb.keys()])].filter(
    (k) => !sa.get(k) || !sb.get(k) || !sa.get(k)!.equals(sb.get(k)!),
  );
  if (diff.length) throw new Error(`folders differ in: ${diff.join(', ')}`);
}

/** How long one sync CLI run may take: pushes and clones move several MiB through real processes. */
export const SYNC_RUN_MS = 45_000;
