import { readdir } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { Readable } from 'node:stream';
import type { Commit, Tree, TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import { Cutter, DEFAULT_CHUNK_PARAMS, type ChunkParams } from './chunker.js';
import { checkoutWorkDir, type CheckoutOptions, type CheckoutResult } from './checkout.js';
import { commitWorkDir, type CommitOptions, type CommitResult } from './commit.js';
import { diffTrees, type TreeDiff } from './diff.js';
import { runFsck, type FsckOptions, type FsckReport } from './fsck.js';
import { runGc, runStats, type GcOptions, type GcReport, type StoreStats } from './gc.js';
import { ID_RE } from './hash.js';
import {
  createLayout,
  findStore,
  isStoreRoot,
  readConfig,
  storeRootFor,
  workDirFor,
  type StoreConfig,
} from './layout.js';
import { ObjectFiles, parseCommitBytes, parseTreeBytes, type ObjectKind } from './objects.js';
import type { PackWriter } from './packwriter.js';
import { Refs, type Head } from './refs.js';
import { fileStream } from './stream.js';
import { workStatus, type WorkStatus } from './status.js';

export type { Head, ObjectKind };

/** A versioned store: a working folder's `.auxin/`, a bundle's sibling, or a hub's bare repository. */
export class Store {
  readonly objects: ObjectFiles;
  readonly refs: Refs;
  readonly cutter: Cutter;
  private treeCache = new Map<string, Tree>();

  private constructor(
    readonly root: string,
    readonly workDir: string | null,
    readonly config: StoreConfig,
  ) {
    this.objects = new ObjectFiles(root);
    this.refs = new Refs(root);
    this.cutter = new Cutter(config.chunking);
  }

  static async init(
    dir: string,
    opts: { bare?: boolean; chunking?: ChunkParams } = {},
  ): Promise<Store> {
    const abs = resolvePath(dir);
    const bare = opts.bare ?? false;
    const root = bare ? abs : storeRootFor(abs);
    await createLayout(root, bare, opts.chunking ?? DEFAULT_CHUNK_PARAMS);
    return new Store(root, bare ? null : abs, readConfig(root));
  }

  static open(storeRoot: string): Store {
    const root = resolvePath(storeRoot);
    if (!isStoreRoot(root)) throw new AuxinError('NOT_A_REPOSITORY', `${root} is not a store`);
    const config = readConfig(root);
    return new Store(root, config.bare ? null : workDirFor(root), config);
  }

  static discover(fromDir: string): { store: Store; workDir: string | null } {
    const found = findStore(fromDir);
    const config = readConfig(found.root);
    const store = new Store(found.root, found.workDir, config);
    return { store, workDir: found.workDir };
  }

  // ---- refs
  head(): Head {
    return this.refs.head();
  }
  listBranches(): { name: string; commit_id: string }[] {
    return this.refs.listBranches();
  }
  readRef(branch: string): string | null {
    return this.refs.readRef(branch);
  }
  /** Compare-and-swap a branch; `next` must be a stored commit. */
  async casRef(branch: string, expectedOld: string | null, next: string): Promise<void> {
    if (!this.hasCommit(next)) {
      throw new AuxinError('MISSING_OBJECTS', `commit ${next} is not in the store`, {
        missing: [next],
      });
    }
    await this.refs.casRef(branch, expectedOld, next);
  }
  async deleteBranch(branch: string, expectedOld: string | null): Promise<void> {
    if (this.head().branch === branch && this.workDir) {
      throw new AuxinError('CONFLICT', `cannot delete the current branch ${branch}`);
    }
    await this.refs.casRef(branch, expectedOld, null);
  }

  // ---- objects
  hasCommit(id: string): boolean {
    return this.objects.hasObject('commit', id);
  }
  hasTree(id: string): boolean {
    return this.objects.hasObject('tree', id);
  }
  async readCommit(id: string): Promise<Commit> {
    return parseCommitBytes(await this.objects.readObjectBytes('commit', id), id);
  }
  async readTree(id: string): Promise<Tree> {
    const hit = this.treeCache.get(id);
    if (hit) return hit;
    return this.remember(id, parseTreeBytes(await this.objects.readObjectBytes('tree', id), id));
  }
  private remember(id: string, tree: Tree): Tree {
    if (this.treeCache.size >= 8) this.treeCache.delete(this.treeCache.keys().next().value!);
    this.treeCache.set(id, tree);
    return tree;
  }
  readObjectBytes(kind: ObjectKind, id: string): Promise<Buffer> {
    return this.objects.readObjectBytes(kind, id);
  }
  /**
   * A tree stored here is kept parsed, as readTree keeps one: a clone or pull reads it back at
   * once to check it out, and parsing a 4 GiB project's tree again cost ~15 MiB at its peak.
   */
  async putObjectBytes(kind: ObjectKind, id: string, bytes: Buffer): Promise<void> {
    const tree = await this.objects.putObjectBytes(kind, id, bytes);
    if (tree) this.remember(id, tree);
  }

  // ---- chunks
  hasChunk(id: string): boolean {
    return this.objects.hasChunk(id);
  }
  async missingChunks(ids: string[]): Promise<string[]> {
    return this.objects.chunks.missing(ids);
  }
  /** Verify and store one chunk (a pack of one). Many chunks: `chunkWriter()`. */
  putChunk(id: string, data: Buffer): Promise<void> {
    return this.objects.putChunk(id, data);
  }
  /** A writer of one pack: `add` verifies each chunk, `seal` makes them durable and visible. */
  chunkWriter(): PackWriter {
    return this.objects.chunks.writer();
  }
  readChunk(id: string): Promise<Buffer> {
    return this.objects.readChunk(id);
  }
  /** Null when the stored chunk decodes to bytes hashing to its id, else what is wrong. */
  verifyChunk(id: string): Promise<string | null> {
    return this.objects.verifyChunk(id);
  }
  /**
   * Many chunks' raw bytes in the order asked, neighbours in a pack read together, into `arena`
   * while they fit (chunks stored raw are views of it, valid until the caller reuses it).
   */
  readChunks(ids: string[], arena?: Buffer): AsyncGenerator<[string, Buffer]> {
    return this.objects.chunks.readMany(ids, { arena });
  }
  /**
   * Many chunks as stored (format byte + payload, chunkcodec.ts), read into `arena` while they
   * fit; valid until the caller reuses the arena.
   */
  readStoredChunks(ids: string[], arena?: Buffer): AsyncGenerator<[string, Buffer]> {
    return this.objects.chunks.readManyStored(ids, { arena });
  }
  /** A stored chunk's raw length (from the pack index; a version 1 index costs one read). */
  chunkRawSize(id: string): Promise<number> {
    return this.objects.chunks.rawSize(id);
  }
  /** Make every chunk and object written since the last sync durable, in one batch. */
  async sync(): Promise<void> {
    await this.objects.chunks.flush();
    await this.objects.durability.sync();
  }
  /** Files written through this store that `sync()` has yet to make durable. */
  get unsynced(): number {
    return this.objects.durability.pending;
  }
  /** Close the pack files held open for reading (they also close when the Store is collected). */
  close(): void {
    this.objects.chunks.close();
  }
  fileStream(entry: TreeEntry, range?: { start: number; end: number }): Readable {
    return fileStream(this.objects, entry, range);
  }

  // ---- history
  /** Commits reachable from `start`, newest first (by timestamp, then id). */
  async log(start: string | null, limit = Infinity): Promise<Commit[]> {
    const out: Commit[] = [];
    if (!start) return out;
    const seen = new Set<string>([start]);
    const frontier: Commit[] = [await this.readCommit(start)];
    while (frontier.length > 0 && out.length < limit) {
      frontier.sort((a, b) =>
        a.timestamp === b.timestamp ? (a.id < b.id ? 1 : -1) : a.timestamp < b.timestamp ? 1 : -1,
      );
      const c = frontier.shift()!;
      out.push(c);
      for (const p of c.parent_ids) {
        if (seen.has(p)) continue;
        seen.add(p);
        frontier.push(await this.readCommit(p));
      }
    }
    return out;
  }

  /**
   * A commit id from `HEAD`, a branch, a full id or a unique prefix (4+ hex), with `~N`. Taken
   * exactly as given: an empty or whitespace revision (`/commits/%0a` on the hub) names nothing,
   * rather than HEAD.
   */
  /**
   * A version's id from HEAD, a branch, an id or a 4+ hex prefix, followed by any number of
   * `~N` (N first parents back; `~` is `~1`) and `^N` (the Nth parent; `^` is `^1`, `^0` the
   * version itself), as in git. Branch names cannot hold `~` or `^`, so the first one starts
   * the suffixes.
   */
  async resolve(rev: string): Promise<string> {
    const cut = rev.search(/[~^]/);
    const baseRev = cut < 0 ? rev : rev.slice(0, cut);
    const suffix = cut < 0 ? '' : rev.slice(cut);
    const steps = [...suffix.matchAll(/([~^])(\d*)/g)];
    if (steps.map((m) => m[0]).join('') !== suffix) {
      throw new AuxinError('UNKNOWN_REVISION', `unknown revision '${rev}'`);
    }
    if (baseRev === '' && suffix) {
      throw new AuxinError(
        'UNKNOWN_REVISION',
        `unknown revision '${rev}': start it with HEAD, a branch or a version id (e.g. HEAD${suffix})`,
      );
    }
    let id = await this.resolveBase(baseRev);
    for (const [, op, digits] of steps) {
      const n = digits === '' ? 1 : Number(digits);
      if (op === '^') {
        if (n === 0) continue;
        const parent = (await this.readCommit(id)).parent_ids[n - 1];
        if (!parent) {
          throw new AuxinError(
            'UNKNOWN_REVISION',
            `${rev}: version ${id.slice(0, 12)} has no parent ${n}`,
          );
        }
        id = parent;
        continue;
      }
      for (let k = n; k > 0; k--) {
        const c = await this.readCommit(id);
        if (!c.parent_ids[0])
          throw new AuxinError('UNKNOWN_REVISION', `${rev}: history is shorter`);
        id = c.parent_ids[0];
      }
    }
    return id;
  }

  private async resolveBase(rev: string): Promise<string> {
    if (rev === 'HEAD') {
      const h = this.head();
      if (!h.commit) throw new AuxinError('UNKNOWN_REVISION', 'no commits yet');
      return h.commit;
    }
    if (!rev.includes('..')) {
      try {
        const b = this.readRef(rev);
        if (b) return b;
      } catch {
        // not a valid branch name: maybe an id
      }
    }
    if (ID_RE.test(rev) && this.hasCommit(rev)) return rev;
    if (/^[0-9a-f]{4,63}$/.test(rev)) {
      const names = await readdir(`${this.root}/history/${rev.slice(0, 2)}`).catch(() => []);
      const hits = names.filter((n) => n.startsWith(rev.slice(2))).map((n) => rev.slice(0, 2) + n);
      if (hits.length === 1) return hits[0]!;
      if (hits.length > 1) throw new AuxinError('UNKNOWN_REVISION', `${rev} is ambiguous`);
    }
    throw new AuxinError('UNKNOWN_REVISION', `unknown revision '${rev}'`);
  }

  // ---- working folder
  private requireWorkDir(): string {
    if (!this.workDir) throw new AuxinError('INVALID_ARGUMENT', `${this.root} is a bare store`);
    return this.workDir;
  }
  commit(opts: CommitOptions): Promise<CommitResult> {
    return commitWorkDir(this, this.requireWorkDir(), opts);
  }
  checkout(rev: string, opts: CheckoutOptions = {}): Promise<CheckoutResult> {
    return checkoutWorkDir(this, this.requireWorkDir(), rev, opts);
  }
  status(): Promise<WorkStatus> {
    return workStatus(this, this.requireWorkDir());
  }

  // ---- inspection and maintenance
  async diff(a: string, b: string): Promise<TreeDiff> {
    const [ca, cb] = [
      await this.readCommit(await this.resolve(a)),
      await this.readCommit(await this.resolve(b)),
    ];
    return diffTrees(await this.readTree(ca.tree_id), await this.readTree(cb.tree_id));
  }
  fsck(opts: FsckOptions = {}): Promise<FsckReport> {
    return runFsck(this, opts);
  }
  gc(opts: GcOptions = {}): Promise<GcReport> {
    return runGc(this, opts);
  }
  stats(): Promise<StoreStats> {
    return runStats(this);
  }
}
