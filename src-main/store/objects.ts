import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { deflate, inflate } from 'node:zlib';
import { CommitBody, isTree, Tree, type Commit } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { comparePaths, isCanonical } from './canonical.js';
import { ChunkStore } from './chunkstore.js';
import { atomicWrite, Durability, isEnoent } from './fsutil.js';
import { blake3Hex, ID_RE } from './hash.js';
import { parentPath, treePathProblem } from './paths.js';

const deflateAsync = promisify(deflate);
const inflateAsync = promisify(inflate);

export type ObjectKind = 'commit' | 'tree';

/**
 * Content-addressed files: commits in history/, trees in tree/ (deflated: their chunk lists are
 * hex and shrink by half), each under a 2-hex-char fan-out folder; chunks in pack files under
 * versions/ (ChunkStore). Every write is a temporary file renamed into place, so a reader never
 * sees a torn file and two writers of the same id both succeed (the second rename replaces
 * identical bytes).
 */
export class ObjectFiles {
  readonly durability: Durability;
  readonly chunks: ChunkStore;

  constructor(readonly root: string) {
    this.durability = new Durability(root);
    this.chunks = new ChunkStore(root, this.durability);
  }

  get tmpDir(): string {
    return `${this.root}/tmp`;
  }

  objectPath(kind: ObjectKind, id: string): string {
    const dir = kind === 'commit' ? 'history' : 'tree';
    return `${this.root}/${dir}/${id.slice(0, 2)}/${id.slice(2)}`;
  }

  /** Known to this process (see ChunkStore.has); looks at the disk again on a miss. */
  hasChunk(id: string): boolean {
    return ID_RE.test(id) && this.chunks.missing([id]).length === 0;
  }

  hasObject(kind: ObjectKind, id: string): boolean {
    return ID_RE.test(id) && existsSync(this.objectPath(kind, id));
  }

  /** Store a chunk whose id the caller computed from these very bytes (into the open pack). */
  writeChunkTrusted(id: string, data: Uint8Array): Promise<boolean> {
    return this.chunks.appendTrusted(id, data);
  }

  /** Verify and store one chunk, durable and visible on return. Many: use chunks.writer(). */
  async putChunk(id: string, data: Uint8Array): Promise<void> {
    const w = this.chunks.writer();
    try {
      await w.add(id, data);
    } catch (e) {
      await w.abort();
      throw e;
    }
    await w.seal();
  }

  /** The raw bytes of a chunk, as stored (not verified: see verifyChunk). */
  readChunk(id: string): Promise<Buffer> {
    return this.chunks.read(id);
  }

  /** Null when the chunk decodes to bytes hashing to its id, else what is wrong. */
  verifyChunk(id: string): Promise<string | null> {
    return this.chunks.verify(id);
  }

  async readObjectBytes(kind: ObjectKind, id: string): Promise<Buffer> {
    let raw: Buffer;
    try {
      raw = await readFile(this.objectPath(kind, id));
    } catch (e) {
      if (isEnoent(e) || !ID_RE.test(id)) {
        throw new AuxinError('NOT_FOUND', `${kind} ${id} not found`, { kind, id });
      }
      throw e;
    }
    if (kind === 'commit') return raw;
    try {
      return await inflateAsync(raw);
    } catch {
      throw new AuxinError('CORRUPT_OBJECT', `tree ${id} is damaged`, { kind, id });
    }
  }

  /** Store canonical bytes already known to hash to `id` and to be valid. */
  async writeObjectTrusted(kind: ObjectKind, id: string, bytes: Buffer): Promise<void> {
    if (this.hasObject(kind, id)) return;
    const target = this.objectPath(kind, id);
    const data = kind === 'tree' ? await deflateAsync(bytes, { level: 6 }) : bytes;
    await atomicWrite(target, data, null);
    this.durability.wrote(target);
    // The write may have made the fan-out folder itself: its entry must reach the disk too.
    this.durability.wroteDir(dirname(dirname(target)));
  }

  /** Verify hash, schema, canonical form and references, then store; a tree is returned parsed. */
  async putObjectBytes(kind: ObjectKind, id: string, bytes: Buffer): Promise<Tree | null> {
    if (!ID_RE.test(id)) throw new AuxinError('INVALID_ARGUMENT', `bad object id '${id}'`);
    const actual = blake3Hex(bytes);
    if (actual !== id) {
      throw new AuxinError('HASH_MISMATCH', `${kind} ${id} has content hashing to ${actual}`, {
        id,
        actual,
      });
    }
    const missing: string[] = [];
    let tree: Tree | null = null;
    if (kind === 'commit') {
      const c = parseCommitBytes(bytes, id);
      if (!this.hasObject('tree', c.tree_id)) missing.push(c.tree_id);
      for (const p of c.parent_ids) if (!this.hasObject('commit', p)) missing.push(p);
    } else {
      tree = parseTreeBytes(bytes, id);
      const ids: string[] = [];
      for (const e of tree.entries) for (const ch of e.chunks ?? []) ids.push(ch.id);
      missing.push(...this.chunks.missing(ids));
    }
    if (missing.length > 0) {
      throw new AuxinError(
        'MISSING_OBJECTS',
        `${kind} ${id} refers to ${missing.length} missing objects`,
        {
          missing,
        },
      );
    }
    const lie = tree && (await chunkSizeProblem(tree, this.chunks));
    if (lie) {
      throw new AuxinError('VALIDATION_FAILED', `tree ${id}: ${lie.message}`, { id, ...lie.ref });
    }
    await this.writeObjectTrusted(kind, id, bytes);
    return tree;
  }
}

function parseJson(bytes: Buffer, kind: ObjectKind, id: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new AuxinError('VALIDATION_FAILED', `${kind} ${id} is not JSON`, { id });
  }
}

function requireCanonical(value: unknown, bytes: Buffer, kind: ObjectKind, id: string): void {
  if (!isCanonical(value, bytes)) {
    throw new AuxinError('VALIDATION_FAILED', `${kind} ${id} is not in canonical form`, { id });
  }
}

export function parseCommitBytes(bytes: Buffer, id: string): Commit {
  const r = CommitBody.safeParse(parseJson(bytes, 'commit', id));
  if (!r.success) {
    throw new AuxinError('VALIDATION_FAILED', `commit ${id}: ${r.error.issues[0]?.message}`, {
      id,
    });
  }
  requireCanonical(r.data, bytes, 'commit', id);
  return { id, ...r.data };
}

export function parseTreeBytes(bytes: Buffer, id: string): Tree {
  const value = parseJson(bytes, 'tree', id);
  let tree: Tree;
  if (isTree(value)) tree = value;
  else {
    const r = Tree.safeParse(value);
    if (!r.success) {
      throw new AuxinError('VALIDATION_FAILED', `tree ${id}: ${r.error.issues[0]?.message}`, {
        id,
      });
    }
    tree = r.data;
  }
  const problem = treeProblem(tree);
  if (problem) throw new AuxinError('VALIDATION_FAILED', `tree ${id}: ${problem}`, { id });
  requireCanonical(tree, bytes, 'tree', id);
  return tree;
}

/**
 * The first chunk reference whose size is not the stored chunk's (only chunks the store has are
 * looked at), or null. A tree that lies about sizes passes treeProblem (its sizes add up) yet
 * cannot be checked out or served, so it must never be stored. One index lookup per reference.
 */
export async function chunkSizeProblem(
  tree: Tree,
  chunks: ChunkStore,
): Promise<{ message: string; ref: Record<string, unknown> } | null> {
  for (const e of tree.entries) {
    for (const ch of e.chunks ?? []) {
      let actual = chunks.sizeOf(ch.id);
      if (actual === undefined) continue;
      if (actual < 0) actual = await chunks.rawSize(ch.id);
      if (actual !== ch.size) {
        return {
          message: `${e.path}: chunk ${ch.id} holds ${actual} bytes, not ${ch.size}`,
          ref: { path: e.path, chunk: ch.id, declared: ch.size, actual },
        };
      }
    }
  }
  return null;
}

/** Structural rules a tree must satisfy before checkout may trust it. */
export function treeProblem(tree: Tree): string | null {
  const kinds = new Map<string, string>();
  let prev: string | null = null;
  for (const e of tree.entries) {
    const bad = treePathProblem(e.path);
    if (bad) return `${e.path}: ${bad}`;
    if (prev !== null && comparePaths(prev, e.path) >= 0)
      return `${e.path}: not sorted or duplicate`;
    prev = e.path;
    const parent = parentPath(e.path);
    if (parent !== '' && kinds.get(parent) !== 'dir') return `${e.path}: parent folder not listed`;
    kinds.set(e.path, e.kind);
    if (e.kind === 'file') {
      if (!e.chunks || !e.content_id || e.target !== undefined) return `${e.path}: bad file entry`;
      const sum = e.chunks.reduce((a, c) => a + c.size, 0);
      if (sum !== e.size) return `${e.path}: chunk sizes do not add up`;
    } else if (e.kind === 'dir') {
      if (e.chunks || e.content_id || e.target !== undefined || e.size !== 0) {
        return `${e.path}: bad folder entry`;
      }
    } else {
      if (e.target === undefined || e.chunks || e.content_id || e.target.length === 0) {
        return `${e.path}: bad link entry`;
      }
      if (e.target.includes('\0')) return `${e.path}: NUL in link`;
    }
  }
  return null;
}
