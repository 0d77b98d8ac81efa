/**
 * The watched-projects service behind `GET /api/local/projects`: the ProjectWatcher over the
 * configured library folders, plus for each project its last save time, the hub repository it
 * syncs with and that repository's lock. Emits `project.added|updated|removed` with the whole
 * project each time one of those changes. The hub's repositories and locks come in through two
 * small ports, so this runs (and is tested) without a hub.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { LocalProject, LogicMetadata } from '../../src-shared/api/metadata.js';
import type { MetadataDiff } from '../logic/diff.js';
import { lastSaved } from '../logic/fingerprint.js';
import { projectRemote } from './project-binding.js';
import { ProjectWatcher, type ProjectWatcherOptions } from '../logic/watcher.js';

export interface RepoDirectory {
  exists(namespace: string, name: string): boolean;
  names(): Array<{ namespace: string; name: string }>;
}

export type LockState = LocalProject['lock'];
export type LockLookup = (namespace: string, name: string) => Promise<LockState>;

export interface WatchedProjectsEvents {
  'project.added': [LocalProject];
  'project.updated': [LocalProject & { diff?: MetadataDiff }];
  'project.removed': [{ path: string }];
  error: [Error];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export class WatchedProjects extends EventEmitter<WatchedProjectsEvents> {
  private readonly watcher: ProjectWatcher;
  private readonly projects = new Map<string, LocalProject>();
  private ready = false;

  constructor(
    readonly roots: string[],
    private readonly repos: RepoDirectory,
    private readonly locks: LockLookup,
    opts: ProjectWatcherOptions = {},
  ) {
    super();
    this.watcher = new ProjectWatcher(roots, opts);
    this.watcher.on('project.added', (e) => void this.upsert(e.path, e.metadata));
    this.watcher.on('project.updated', (e) => void this.upsert(e.path, e.metadata, e.diff));
    this.watcher.on(
      'project.unreadable',
      (e) => void this.upsert(e.path, null, undefined, e.error),
    );
    this.watcher.on('project.removed', (e) => {
      void this.track(async () => {
        if (this.projects.delete(e.path)) this.emit('project.removed', { path: e.path });
      });
    });
    this.watcher.on('error', (e) => this.emit('error', e));
  }

  /** Resolves once the library's initial scan is read. */
  async start(): Promise<void> {
    await this.watcher.start();
    await this.settled();
    this.ready = true;
  }

  get isReady(): boolean {
    return this.ready;
  }

  list(): LocalProject[] {
    return [...this.projects.values()].sort((a, b) => a.path.localeCompare(b.path));
  }

  /** Re-check every project's repository and lock (a remote added, a repository created). */
  async refresh(): Promise<void> {
    for (const p of this.list()) await this.rebind(p.path);
  }

  /** A repository's lock changed: re-check the projects bound to it. */
  async lockChanged(namespace: string, name: string): Promise<void> {
    for (const p of this.list()) {
      if (p.repo?.on_this_hub && p.repo.namespace === namespace && p.repo.name === name) {
        await this.rebind(p.path);
      }
    }
  }

  async close(): Promise<void> {
    await this.watcher.close();
    await this.settled();
  }

  // Bookkeeping runs one step at a time, in event order, so an update never lands before its add.
  private chain: Promise<void> = Promise.resolve();

  /** Waits for the bookkeeping that follows watcher events. */
  async settled(): Promise<void> {
    await this.watcher.whenIdle();
    let seen: Promise<void>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  private track(step: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(step).catch((e: unknown) => {
      this.emit('error', e instanceof Error ? e : new Error(String(e)));
    });
    return this.chain;
  }

  private upsert(
    bundle: string,
    metadata: LogicMetadata | null,
    diff?: MetadataDiff,
    error?: string,
  ): Promise<void> {
    return this.track(async () => {
      const prev = this.projects.get(bundle);
      const project = await this.describe(bundle, metadata ?? prev?.metadata ?? null, error);
      this.projects.set(bundle, project);
      if (!prev) this.emit('project.added', project);
      else this.emit('project.updated', diff ? { ...project, diff } : project);
    });
  }

  private rebind(bundle: string): Promise<void> {
    return this.track(async () => {
      const prev = this.projects.get(bundle);
      if (!prev) return;
      const next = await this.describe(bundle, prev.metadata, prev.error);
      if (same(prev.repo, next.repo) && same(prev.lock, next.lock)) return;
      this.projects.set(bundle, next);
      this.emit('project.updated', next);
    });
  }

  private async describe(
    bundle: string,
    metadata: LogicMetadata | null,
    error?: string,
  ): Promise<LocalProject> {
    const saved = await lastSaved(bundle);
    const repo = await this.repoOf(bundle);
    const lock = repo?.on_this_hub ? await this.locks(repo.namespace, repo.name) : null;
    return {
      path: bundle,
      name: path.basename(bundle).replace(/\.(logicx|band)$/i, ''),
      metadata,
      saved_at: saved ?? null,
      repo,
      lock,
      ...(error ? { error } : {}),
    };
  }

  private async repoOf(bundle: string): Promise<LocalProject['repo']> {
    const remote = await projectRemote(bundle);
    if (remote) {
      return {
        namespace: remote.namespace,
        name: remote.name,
        url: remote.url,
        via: 'remote',
        on_this_hub: this.repos.exists(remote.namespace, remote.name),
      };
    }
    // No store yet: the earlier client names a repository after the bundle folder.
    const base = path.basename(bundle);
    const stem = base.replace(/\.(logicx|band)$/i, '');
    const hits = this.repos.names().filter((r) => r.name === base || r.name === stem);
    if (hits.length !== 1) return null;
    return { ...hits[0]!, via: 'name', on_this_hub: true };
  }
}
