/**
 * Repositories: `<data>/<namespace>/<name>/` holds the bare store; what the hub knows about each
 * one (owner, description, visibility, collaborators) lives in `<data>/.hub/repos.json`.
 * Exported for the sync router: a push to a missing repository calls `create`.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuxinError } from '../../src-shared/errors.js';
import type { Store } from '../store/store.js';
import { OpenStores } from './open-stores.js';
import type { ActivityService, RepoInfo } from './types.js';
import { z } from 'zod';
import { VisibilitySchema } from '../../src-shared/api/repos.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { readStateFileSync, STATE_VERSION } from '../core/state-file.js';
import { Mutex } from '../core/mutex.js';
import { stateFile } from './activity.js';
import { assertNoSymlinks, repoDir } from './repo-paths.js';
import { initBareStore, type InitStore } from './store-init.js';

const StoredRepoSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  description: z.string(),
  owner: z.string(),
  visibility: VisibilitySchema,
  collaborators: z.array(z.string()),
  created_at: z.string(),
});
type StoredRepo = Omit<RepoInfo, 'path'>;

/** `<data>/.hub/repos.json`, format 1. */
const ReposFileSchema = z.object({
  version: z.literal(STATE_VERSION),
  repos: z.array(StoredRepoSchema),
});
type ReposFile = z.infer<typeof ReposFileSchema>;

export interface CreateRepoOptions {
  description?: string;
  visibility?: RepoInfo['visibility'];
}

const key = (ns: string, name: string) => `${ns}\u0000${name}`;

export class RepoService {
  private readonly repos = new Map<string, StoredRepo>();
  /**
   * Dropped when the repository is deleted or created, so a new repository never inherits a gone
   * one's chunk index.
   */
  private readonly stores = new OpenStores();
  private readonly mutex = new Mutex();
  private readonly file: string;

  constructor(
    readonly dataDir: string,
    private readonly stateDir: string,
    private readonly activity: ActivityService,
    private readonly initStore: InitStore = initBareStore,
  ) {
    this.file = path.join(stateDir, 'repos.json');
    for (const r of readStateFileSync(this.file, ReposFileSchema)?.repos ?? []) {
      this.repos.set(key(r.namespace, r.name), r);
    }
  }

  private info(r: StoredRepo): RepoInfo {
    return {
      ...r,
      collaborators: [...r.collaborators],
      path: repoDir(this.dataDir, r.namespace, r.name),
    };
  }

  /** Write the list with `k` set to `repo` (or removed when null), then make it so in memory. */
  private async commit(k: string, repo: StoredRepo | null): Promise<void> {
    const next = new Map(this.repos);
    if (repo) next.set(k, repo);
    else next.delete(k);
    const data: ReposFile = { version: 1, repos: [...next.values()] };
    // A write that fails (a full disk) changes nothing in memory either: a visibility change
    // the caller was told failed must not hold until the next restart and then vanish.
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2));
    if (repo) this.repos.set(k, repo);
    else this.repos.delete(k);
  }

  get(namespace: string, name: string): RepoInfo | null {
    const r = this.repos.get(key(namespace, name));
    return r ? this.info(r) : null;
  }

  /** The repository's store, shared by every route (`open-stores.ts`). */
  store(repo: RepoInfo): Store {
    return this.stores.get(repo.path);
  }

  /** Let go of every open store (the hub is closing). */
  closeStores(): void {
    this.stores.closeAll();
  }

  list(): RepoInfo[] {
    return [...this.repos.values()]
      .map((r) => this.info(r))
      .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  }

  /** Create `<data>/<ns>/<name>/` as a bare store and record it. 409 ALREADY_EXISTS if taken. */
  create(
    namespace: string,
    name: string,
    owner: string,
    opts: CreateRepoOptions = {},
  ): Promise<RepoInfo> {
    const dir = repoDir(this.dataDir, namespace, name);
    return this.mutex.run(async () => {
      if (this.repos.has(key(namespace, name)) || fs.existsSync(dir)) {
        throw new AuxinError('ALREADY_EXISTS', `repository ${namespace}/${name} already exists`);
      }
      assertNoSymlinks(this.dataDir, namespace, name);
      this.stores.forget(dir);
      const nsDir = path.dirname(dir);
      const madeNs = !fs.existsSync(nsDir);
      await fsp.mkdir(nsDir, { recursive: true });
      try {
        await this.initStore(dir);
        const repo: StoredRepo = {
          namespace,
          name,
          description: opts.description ?? '',
          owner,
          visibility: opts.visibility ?? 'team',
          collaborators: [],
          created_at: new Date().toISOString(),
        };
        await this.commit(key(namespace, name), repo);
      } catch (e) {
        await fsp.rm(dir, { recursive: true, force: true });
        if (madeNs) await fsp.rmdir(nsDir).catch(() => undefined);
        throw e;
      }
      const info = this.get(namespace, name)!;
      await this.activity.record(namespace, name, {
        type: 'repo.created',
        actor: owner,
        text: `${owner} created ${namespace}/${name}`,
        details: { visibility: info.visibility },
      });
      return info;
    });
  }

  /** Forget the repository, then remove its folder (moved aside first so removal is atomic). */
  delete(namespace: string, name: string, actor: string): Promise<void> {
    const dir = repoDir(this.dataDir, namespace, name);
    return this.mutex.run(async () => {
      if (!this.repos.has(key(namespace, name))) {
        throw new AuxinError('NOT_FOUND', `no repository ${namespace}/${name}`);
      }
      await this.commit(key(namespace, name), null);
      this.stores.forget(dir);
      const trash = path.join(this.dataDir, '.hub', 'trash', randomBytes(8).toString('hex'));
      await fsp.mkdir(path.dirname(trash), { recursive: true });
      await fsp.rename(dir, trash).catch(() => undefined);
      await fsp.rm(trash, { recursive: true, force: true });
      await fsp.rmdir(path.dirname(dir)).catch(() => undefined);
      // Live viewers hear of the deletion; then the feed and the comments go with the
      // repository, so one created again under its name shows none of them (it may be private).
      await this.activity.record(namespace, name, {
        type: 'repo.deleted',
        actor,
        text: `${actor} deleted ${namespace}/${name}`,
      });
      await this.activity.forget(namespace, name);
      await fsp.rm(stateFile(this.stateDir, 'comments', namespace, name, 'json'), { force: true });
    });
  }

  private update(
    namespace: string,
    name: string,
    change: (r: StoredRepo) => boolean,
  ): Promise<{ repo: RepoInfo; changed: boolean }> {
    return this.mutex.run(async () => {
      const current = this.repos.get(key(namespace, name));
      if (!current) throw new AuxinError('NOT_FOUND', `no repository ${namespace}/${name}`);
      const next = { ...current, collaborators: [...current.collaborators] };
      const changed = change(next);
      if (changed) await this.commit(key(namespace, name), next);
      return { repo: this.info(next), changed };
    });
  }

  async setVisibility(
    namespace: string,
    name: string,
    visibility: RepoInfo['visibility'],
    actor: string,
  ) {
    const { repo, changed } = await this.update(namespace, name, (r) => {
      if (r.visibility === visibility) return false;
      r.visibility = visibility;
      return true;
    });
    if (changed) {
      await this.activity.record(namespace, name, {
        type: 'repo.visibility',
        actor,
        text: `${actor} made ${namespace}/${name} ${visibility === 'private' ? 'private' : 'visible to the team'}`,
        details: { visibility },
      });
    }
    return repo;
  }

  async addCollaborator(namespace: string, name: string, username: string, actor: string) {
    const { repo, changed } = await this.update(namespace, name, (r) => {
      if (r.collaborators.includes(username)) return false;
      r.collaborators.push(username);
      return true;
    });
    if (changed) {
      await this.activity.record(namespace, name, {
        type: 'collaborator.added',
        actor,
        text: `${actor} added ${username} as a collaborator`,
        details: { username },
      });
    }
    return repo;
  }

  async removeCollaborator(namespace: string, name: string, username: string, actor: string) {
    const { repo, changed } = await this.update(namespace, name, (r) => {
      const before = r.collaborators.length;
      r.collaborators = r.collaborators.filter((c) => c !== username);
      return r.collaborators.length !== before;
    });
    if (!changed) {
      throw new AuxinError(
        'NOT_FOUND',
        `${username} is not a collaborator on ${namespace}/${name}`,
      );
    }
    await this.activity.record(namespace, name, {
      type: 'collaborator.removed',
      actor,
      text: `${actor} removed ${username} from the collaborators`,
      details: { username },
    });
    return repo;
  }
}

/** The wire shape of a repository: `path` is `<ns>/<name>`, never a path on the hub's disk. */
export function repoWire(r: RepoInfo) {
  return {
    namespace: r.namespace,
    name: r.name,
    path: `${r.namespace}/${r.name}`,
    description: r.description,
    owner: r.owner,
    visibility: r.visibility,
    collaborators: r.collaborators,
    created_at: r.created_at,
  };
}
