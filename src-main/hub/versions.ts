/**
 * Version summaries for the project page's timeline, one page per request: what a row shows
 * (size, files changed, the metadata diff against the parent, comments, the arrangement snapshot
 * and bounces). The tree-derived part of a summary never changes (a commit is immutable), so it
 * is kept in memory: scrolling back through 5,000 versions reads each tree once.
 */
import type { Commit, Tree } from '../../src-shared/api/commits.js';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import type { CompareResponse, VersionSummary } from '../../src-shared/api/versions.js';
import { diffMetadata } from '../logic/diff.js';
import { diffTrees } from '../store/diff.js';
import type { Store } from '../store/index.js';
import { MetadataFiles } from './metadata/files.js';
import { commitReading } from './metadata/merge.js';
import type { RepoInfo } from './types.js';

const AUDIO = /\.(wav|wave|aif|aiff|aifc|caf|mp3|m4a)$/i;
const SNAPSHOT = /(?:^|\/)Alternatives\/(\d{1,6})\/WindowImage\.jpg$/;
const BOUNCE = /(?:^|\/)Bounces\/(?:.*\/)?[^/]+$/;

export interface TreeFacts {
  size: number;
  files_changed: number;
  snapshots: Map<number, string>;
  bounces: Array<{ path: string; size: number }>;
}

/** What the tree of a version (and its parent's) tells a timeline row. Pure. */
export function treeFacts(tree: Tree, parent: Tree | null): TreeFacts {
  let size = 0;
  const snapshots = new Map<number, string>();
  const bounces: TreeFacts['bounces'] = [];
  for (const e of tree.entries) {
    if (e.kind !== 'file') continue;
    size += e.size;
    const snap = SNAPSHOT.exec(e.path);
    if (snap && !snapshots.has(Number(snap[1]))) snapshots.set(Number(snap[1]), e.path);
    if (BOUNCE.test(e.path) && AUDIO.test(e.path)) bounces.push({ path: e.path, size: e.size });
  }
  let files_changed: number;
  if (!parent) files_changed = tree.entries.filter((e) => e.kind === 'file').length;
  else {
    const d = diffTrees(parent, tree);
    const isFile = (x: { kind: string }) => x.kind === 'file';
    files_changed =
      d.added.filter(isFile).length +
      d.removed.filter(isFile).length +
      d.changed.filter((c) => c.kind === 'file' || c.old_kind === 'file').length;
  }
  return { size, files_changed, snapshots, bounces };
}

/** The snapshot of the project's alternative, else the lowest-numbered one. */
export function pickSnapshot(snapshots: Map<number, string>, alternative?: number): string | null {
  if (alternative !== undefined && snapshots.has(alternative)) return snapshots.get(alternative)!;
  const first = [...snapshots.keys()].sort((a, b) => a - b)[0];
  return first === undefined ? null : snapshots.get(first)!;
}

const MAX_CACHED = 20_000;
const MAX_WALKS = 16;

export class VersionSummaries {
  private readonly facts = new Map<string, TreeFacts>();
  /** The walk from a head, as far as a page has needed it: the history below a commit never changes. */
  private readonly walks = new Map<string, { commits: Commit[]; complete: boolean }>();

  /**
   * `count` commits from `offset` of the log from `head`, and whether more follow. The walk is
   * kept and grown by doubling, so paging through 5,000 versions reads each commit about twice,
   * not once per page.
   */
  async logPage(
    repo: RepoInfo,
    store: Store,
    head: string | null,
    offset: number,
    count: number,
  ): Promise<{ commits: Commit[]; more: boolean }> {
    if (!head) return { commits: [], more: false };
    const key = `${repo.path}\0${head}`;
    let walk = this.walks.get(key);
    const need = offset + count + 1;
    if (!walk || (!walk.complete && walk.commits.length < need)) {
      const limit = Math.max(need, (walk?.commits.length ?? 0) * 2);
      const commits = await store.log(head, limit);
      walk = { commits, complete: commits.length < limit };
      if (this.walks.size >= MAX_WALKS) this.walks.delete(this.walks.keys().next().value!);
      this.walks.set(key, walk);
    }
    return {
      commits: walk.commits.slice(offset, offset + count),
      more: walk.commits.length > offset + count,
    };
  }

  /** Tree facts by repository folder and commit id (oldest entries dropped past the bound). */
  async factsOf(repo: RepoInfo, store: Store, c: Commit): Promise<TreeFacts> {
    const key = `${repo.path}\0${c.id}`;
    const hit = this.facts.get(key);
    if (hit) return hit;
    const tree = await store.readTree(c.tree_id);
    const parentId = c.parent_ids[0];
    const parent = parentId
      ? await store.readTree((await store.readCommit(parentId)).tree_id)
      : null;
    const facts = treeFacts(tree, parent);
    if (this.facts.size >= MAX_CACHED) this.facts.delete(this.facts.keys().next().value!);
    this.facts.set(key, facts);
    return facts;
  }

  /** Summaries of `commits`; `comments` counts each version's comments. */
  async summarize(
    repo: RepoInfo,
    store: Store,
    commits: Commit[],
    comments: Map<string, number>,
  ): Promise<VersionSummary[]> {
    const files = new MetadataFiles(repo.path);
    const readings = new Map<string, LogicMetadata | undefined>();
    const reading = async (id: string, commit?: Commit): Promise<LogicMetadata | undefined> => {
      if (readings.has(id)) return readings.get(id);
      const rec = await files.readVersion(id);
      const c = commit ?? (await store.readCommit(id));
      const r = rec?.extracted ?? commitReading(c.metadata);
      readings.set(id, r);
      return r;
    };
    const out: VersionSummary[] = [];
    for (const c of commits) {
      const facts = await this.factsOf(repo, store, c);
      const m = await reading(c.id, c);
      const parentId = c.parent_ids[0];
      const before = parentId ? await reading(parentId) : undefined;
      const changes = m && before ? diffMetadata(before, m).changes : [];
      out.push({
        id: c.id,
        parent_ids: c.parent_ids,
        message: c.message,
        author: c.author,
        timestamp: c.timestamp,
        size: facts.size,
        files_changed: facts.files_changed,
        ...(m?.bpm !== undefined ? { bpm: m.bpm } : {}),
        ...(m?.key_signature !== undefined ? { key_signature: m.key_signature } : {}),
        ...(m?.time_signature !== undefined ? { time_signature: m.time_signature } : {}),
        ...(m?.sample_rate !== undefined ? { sample_rate: m.sample_rate } : {}),
        ...(m?.track_count !== undefined ? { track_count: m.track_count } : {}),
        changes,
        comment_count: comments.get(c.id) ?? 0,
        snapshot: pickSnapshot(facts.snapshots, m?.alternative?.index),
        bounces: facts.bounces,
      });
    }
    return out;
  }
}

/** Files added, removed and changed between two trees (folders left out). Pure. */
export function compareTrees(
  a: Tree,
  b: Tree,
): Pick<CompareResponse, 'added' | 'removed' | 'changed'> {
  const d = diffTrees(a, b);
  return {
    added: d.added.filter((e) => e.kind === 'file').map(({ path, size }) => ({ path, size })),
    removed: d.removed.filter((e) => e.kind === 'file').map(({ path, size }) => ({ path, size })),
    changed: d.changed
      .filter((e) => e.kind === 'file')
      .map(({ path, old_size, new_size }) => ({ path, old_size, new_size })),
  };
}
