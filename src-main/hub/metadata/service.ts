/**
 * Metadata with every version on the hub: what clients post (kept even before the version
 * arrives), what the hub reads itself from each pushed version's stored chunks, and the small
 * per-repository summary that makes filtered listings cheap.
 */
import type {
  ClientMetadataBody,
  LogicMetadata,
  VersionMetadata,
} from '../../../src-shared/api/metadata.js';
import type { Commit } from '../../../src-shared/api/commits.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { diffMetadata } from '../../logic/diff.js';
import { summarize } from '../../logic/describe.js';
import { readBundleFromTree } from '../../logic/tree-source.js';
import type { Store } from '../../store/index.js';
import type { AuthUser, HubContext, RepoInfo } from '../types.js';
import { Mutex } from '../../core/mutex.js';
import { MetadataFiles, type ClientRecord, type VersionRecord } from './files.js';
import { commitReading, listingView, mergeVersion, summaryOf } from './merge.js';

/** At most this many new versions are read per push; older ones are read when first asked for. */
export const MAX_EXTRACT_PER_PUSH = 50;

export interface PushUpdate {
  branch: string;
  old: string | null;
  new: string;
}

export function defaultBranch(store: Store): string | null {
  return store.head().branch ?? store.listBranches()[0]?.name ?? null;
}

/** Posts kept for versions the hub does not have yet, per repository. */
export const MAX_PENDING = 1000;

export class MetadataService {
  /** Readings in progress by repository and version: concurrent asks share one. */
  private readonly reading = new Map<string, Promise<{ rec: VersionRecord; fresh: boolean }>>();
  /**
   * One reading at a time in the whole hub: each may hold a ProjectData of up to 256 MiB in
   * memory (twice, while its chunks are joined), and any reader can ask for old versions.
   */
  private readonly readSlot = new Mutex();

  constructor(private readonly h: HubContext) {}

  /** A commit id from 6-64 hex characters, or null when the hub has no such version (yet). */
  async resolveId(store: Store, id: string): Promise<string | null> {
    if (id.length === 64) return store.hasCommit(id) ? id : null;
    try {
      const full = await store.resolve(id);
      return full.startsWith(id) ? full : null;
    } catch (e) {
      if (e instanceof AuxinError && /ambiguous/.test(e.message)) {
        throw new AuxinError(
          'INVALID_COMMIT_ID',
          `${id} matches several versions; use more characters`,
        );
      }
      return null;
    }
  }

  /** Keep a client's post: on the version if the hub has it, else until it arrives. */
  async post(
    repo: RepoInfo,
    id: string,
    body: ClientMetadataBody,
    user: AuthUser,
  ): Promise<{ commit_id: string; attached: boolean }> {
    const files = new MetadataFiles(repo.path);
    const store = this.h.repos.store(repo);
    const full = await this.resolveId(store, id);
    const rec: ClientRecord = {
      ...body,
      received_at: new Date().toISOString(),
      posted_as: id,
      posted_by: user.username,
    };
    if (!full) {
      await files.run(async () => {
        // Each waits as a file, and every push reads them all: a bound, far above the few a
        // client posts before it pushes, so no one fills the hub's disk with them.
        const waiting = await files.pendingIds();
        if (waiting.length >= MAX_PENDING && !waiting.includes(id)) {
          throw new AuxinError(
            'TOO_MANY_PENDING',
            `${repo.namespace}/${repo.name} already keeps metadata for ${waiting.length} versions it does not have: push those versions first`,
            { limit: MAX_PENDING },
          );
        }
        await files.writePending(id, rec);
      });
      return { commit_id: id, attached: false };
    }
    await files.run(async () => {
      const cur = (await files.readVersion(full)) ?? { commit_id: full };
      await files.writeVersion({ ...cur, client: rec });
    });
    await this.refreshSummaryIfHead(repo, store, full);
    return { commit_id: full, attached: true };
  }

  /** The merged view of one version; reads the version's project first if nobody has yet. */
  async view(repo: RepoInfo, id: string): Promise<VersionMetadata> {
    const files = new MetadataFiles(repo.path);
    const store = this.h.repos.store(repo);
    const full = await this.resolveId(store, id);
    if (!full) {
      const pending = await files.pendingFor(id, [id]);
      if (!pending)
        throw new AuxinError(
          'NO_METADATA',
          `no version or metadata ${id} in ${repo.namespace}/${repo.name}`,
        );
      return mergeVersion(id, false, null, undefined, pending.rec);
    }
    const { rec, commit } = await this.ensure(repo, store, full);
    return mergeVersion(full, true, rec, commitReading(commit.metadata));
  }

  /** `commits`, each with its metadata under `version_metadata` when known (no extraction). */
  async decorate<C extends Commit>(
    repo: RepoInfo,
    commits: C[],
  ): Promise<Array<C & { version_metadata?: ReturnType<typeof listingView> }>> {
    const views = await this.listing(repo, commits);
    return commits.map((c) => {
      const v = views.get(c.id);
      return v ? { ...c, version_metadata: listingView(v) } : c;
    });
  }

  /** Views for a commit listing: no extraction here, only what is already known. */
  async listing(repo: RepoInfo, commits: Commit[]): Promise<Map<string, VersionMetadata>> {
    const files = new MetadataFiles(repo.path);
    const pendingIds = await files.pendingIds();
    const out = new Map<string, VersionMetadata>();
    for (const c of commits) {
      const rec = await files.readVersion(c.id);
      const pending = rec?.client
        ? null
        : ((await files.pendingFor(c.id, pendingIds))?.rec ?? null);
      out.set(c.id, mergeVersion(c.id, true, rec, commitReading(c.metadata), pending));
    }
    return out;
  }

  /**
   * The version's record, its project read (once) and any pending client post attached.
   * `fresh` is true when this call did the reading.
   */
  async ensure(
    repo: RepoInfo,
    store: Store,
    id: string,
  ): Promise<{ rec: VersionRecord; commit: Commit; fresh: boolean }> {
    const files = new MetadataFiles(repo.path);
    const commit = await store.readCommit(id);
    const existing = await files.readVersion(id);
    if (existing && existing.extracted !== undefined) {
      return { rec: existing, commit, fresh: false };
    }
    const key = `${repo.path}\0${id}`;
    const running = this.reading.get(key);
    if (running) return { rec: (await running).rec, commit, fresh: false };
    const task = this.readSlot.run(() => this.extract(repo, store, files, commit, id));
    this.reading.set(key, task);
    try {
      return { ...(await task), commit };
    } finally {
      this.reading.delete(key);
    }
  }

  /** Read the version's project from its chunks and store the record (see ensure). */
  private async extract(
    repo: RepoInfo,
    store: Store,
    files: MetadataFiles,
    commit: Commit,
    id: string,
  ): Promise<{ rec: VersionRecord; fresh: boolean }> {
    // Another caller may have finished it while this one waited for the slot.
    const done = await files.readVersion(id);
    if (done && done.extracted !== undefined) return { rec: done, fresh: false };
    let extracted: LogicMetadata | null = null;
    let extract_error: string | undefined;
    try {
      const tree = await store.readTree(commit.tree_id);
      extracted = (await readBundleFromTree(tree, store, repo.name)) ?? null;
    } catch (e) {
      extract_error = (e as Error).message;
      this.h.logger.warn(
        { err: e, repo: `${repo.namespace}/${repo.name}`, commit: id },
        'could not read the Logic project of a version',
      );
    }
    const rec = await files.run(async () => {
      const cur = (await files.readVersion(id)) ?? { commit_id: id };
      const next: VersionRecord = {
        ...cur,
        extracted,
        extracted_at: new Date().toISOString(),
        ...(extract_error ? { extract_error } : {}),
      };
      if (!next.client) {
        const pending = await files.pendingFor(id);
        if (pending) next.client = pending.rec;
      }
      await files.writeVersion(next);
      // Only after the version's record holds it: a crash in between leaves the post pending.
      for (const p of await files.pendingIds()) if (id.startsWith(p)) await files.removePending(p);
      return next;
    });
    return { rec, fresh: true };
  }

  /** After a push moved a branch: read the new versions, tell the feed, update the summary. */
  async afterPush(repo: RepoInfo, user: AuthUser, update: PushUpdate): Promise<void> {
    const store = this.h.repos.store(repo);
    const newest = await store.log(update.new, MAX_EXTRACT_PER_PUSH);
    // Oldest first, so each version's text can say what changed since its parent.
    for (const c of newest.reverse()) {
      const { rec, fresh } = await this.ensure(repo, store, c.id);
      if (!fresh || !rec.extracted) continue;
      const parent = c.parent_ids[0]
        ? await new MetadataFiles(repo.path).readVersion(c.parent_ids[0])
        : null;
      const diff = parent?.extracted ? diffMetadata(parent.extracted, rec.extracted).text : '';
      const m = rec.extracted;
      await this.h.activity.record(repo.namespace, repo.name, {
        type: 'metadata.extracted',
        actor: user.username,
        text: `${m.name} at ${c.id.slice(0, 12)}: ${summarize(m)}${diff ? ` (${diff})` : ''}`,
        details: {
          commit_id: c.id,
          branch: update.branch,
          bpm: m.bpm ?? null,
          key_signature: m.key_signature ?? null,
          time_signature: m.time_signature ?? null,
          sample_rate: m.sample_rate ?? null,
          track_count: m.track_count ?? null,
          changes: diff,
        },
      });
    }
    await this.refreshSummaryIfHead(repo, store, update.new);
  }

  /** Rewrite the listing summary when `id` is the default branch's head. */
  async refreshSummaryIfHead(repo: RepoInfo, store: Store, id: string): Promise<void> {
    const branch = defaultBranch(store);
    const head = branch ? store.readRef(branch) : null;
    if (head !== id) return;
    const files = new MetadataFiles(repo.path);
    const { rec, commit } = await this.ensure(repo, store, id);
    const view = mergeVersion(id, true, rec, commitReading(commit.metadata));
    await files.run(() => files.writeSummary(summaryOf(view, branch)));
  }
}
