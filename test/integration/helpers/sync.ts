/** Helpers for sync tests: project folders to push and pull, packs to send by hand. */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { encodePack, type PackRecord } from '../../../src-main/sync/pack.js';
import { canonicalBytes } from '../../../src-main/store/canonical.js';
import { blake3Hex } from '../../../src-main/store/hash.js';

/** A first version's commit object over the tree object `tree`. */
export function commitOf(tree: Buffer): Buffer {
  return canonicalBytes({
    parent_ids: [],
    tree_id: blake3Hex(tree),
    message: 'm',
    author: 'a',
    timestamp: '2026-01-01T00:00:00Z',
    metadata: {},
  });
}

/**
 * A first version holding one 1000-byte file `a.wav` of random bytes: its chunk, tree and commit
 * objects, and the pack records that send them (chunk first, as a push does).
 */
export function oneFileVersion(): {
  chunk: Buffer;
  tree: Buffer;
  commit: Buffer;
  records: PackRecord[];
} {
  const chunk = randomBytes(1000);
  const cid = blake3Hex(chunk);
  const tree = canonicalBytes({
    entries: [
      {
        path: 'a.wav',
        kind: 'file',
        mode: 0o644,
        size: 1000,
        content_id: cid,
        chunks: [{ id: cid, size: 1000 }],
      },
    ],
  });
  const commit = commitOf(tree);
  const records: PackRecord[] = [
    { kind: 'chunk', id: cid, bytes: chunk },
    { kind: 'tree', id: blake3Hex(tree), bytes: tree },
    { kind: 'commit', id: blake3Hex(commit), bytes: commit },
  ];
  return { chunk, tree, commit, records };
}

/** One pack body holding `records`, as a client would send it. */
export async function packOf(records: PackRecord[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of encodePack(
    (async function* () {
      yield* records;
    })(),
  ))
    parts.push(b);
  return Buffer.concat(parts);
}

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

/** How long one sync CLI run may take: pushes and clones move several MiB through real processes. */
export const SYNC_RUN_MS = 45_000;
