import type { Readable } from 'node:stream';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import type { Tree, TreeEntry } from '../../src-shared/api/commits.js';
import { readBundleFromSource } from './reader.js';
import { TooLargeError, type BundleFileSource } from './source.js';

/** What the reader needs from a store (the Store class fits): a file's bytes by its tree entry. */
export interface TreeFileReader {
  fileStream(entry: TreeEntry): Readable;
}

const BUNDLE_DIR = /^[^/]+\.(logicx|band)$/i;

async function collect(stream: Readable, maxBytes: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of stream) {
    n += (chunk as Buffer).length;
    if (n > maxBytes) {
      stream.destroy();
      throw new TooLargeError(`${what} is over ${maxBytes} bytes`);
    }
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/**
 * A bundle inside a stored version: `prefix` is '' when the version's working folder is the
 * bundle, or "MySong.logicx/" for a folder project. Only the state files are read, from their
 * chunks; folders and audio existence come from the tree's entry list.
 */
export function createTreeSource(
  tree: Tree,
  reader: TreeFileReader,
  name: string,
  prefix = '',
): BundleFileSource {
  const files = new Map<string, TreeEntry>();
  const dirs = new Map<string, Set<string>>();
  for (const e of tree.entries) {
    if (!e.path.startsWith(prefix) || e.path === prefix) continue;
    const rel = e.path.slice(prefix.length);
    if (e.kind === 'file') files.set(rel, e);
    const cut = rel.lastIndexOf('/');
    const parent = cut < 0 ? '' : rel.slice(0, cut);
    if (!dirs.has(parent)) dirs.set(parent, new Set());
    dirs.get(parent)!.add(rel.slice(cut + 1));
  }
  return {
    name,
    async readFile(rel, maxBytes) {
      const e = files.get(rel);
      if (!e) return null;
      if (e.size > maxBytes)
        throw new TooLargeError(`${rel} is ${e.size} bytes (limit ${maxBytes})`);
      return collect(reader.fileStream(e), maxBytes, rel);
    },
    async head(rel, bytes) {
      const e = files.get(rel);
      if (!e) return null;
      // The first chunk or two: the stream stops once enough has come.
      const parts: Buffer[] = [];
      let n = 0;
      const stream = reader.fileStream(e);
      for await (const chunk of stream) {
        parts.push(chunk as Buffer);
        n += (chunk as Buffer).length;
        if (n >= bytes) break;
      }
      stream.destroy();
      return { bytes: Buffer.concat(parts).subarray(0, bytes), size: e.size };
    },
    async listDir(rel) {
      const names = dirs.get(rel);
      return names ? [...names] : null;
    },
    async exists(rel) {
      return files.has(rel);
    },
  };
}

/**
 * The Logic metadata of a stored version, or undefined when it holds no project: the tree is
 * a bundle itself (it has Alternatives/), named `repoName` (".logicx" added when it has no
 * bundle extension), or it holds exactly one top-level bundle folder. Throws the reader's
 * NOT_A_BUNDLE / UNREADABLE_BUNDLE errors for a project that cannot be read.
 */
export async function readBundleFromTree(
  tree: Tree,
  reader: TreeFileReader,
  repoName: string,
): Promise<LogicMetadata | undefined> {
  if (tree.entries.some((e) => e.path === 'Alternatives' || e.path.startsWith('Alternatives/'))) {
    const name = /\.(logicx|band)$/i.test(repoName) ? repoName : `${repoName}.logicx`;
    return readBundleFromSource(createTreeSource(tree, reader, name));
  }
  const bundles = tree.entries.filter((e) => e.kind === 'dir' && BUNDLE_DIR.test(e.path));
  if (bundles.length !== 1) return undefined;
  const dir = bundles[0]!.path;
  return readBundleFromSource(createTreeSource(tree, reader, dir, `${dir}/`));
}
