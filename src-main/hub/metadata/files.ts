/**
 * Where a repository's metadata lives: `<repo>/metadata/` beside its store, one small JSON file
 * per version (`versions/<id>.json`), one per client post for a version not received yet
 * (`pending/<id>.json`) and the listing summary (`summary.json`). Every write is atomic (temp
 * file, fsync, rename) and every read-modify-write of one repository goes through one mutex.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import type {
  ClientMetadataBody,
  LogicMetadata,
  RepoMetadataSummary,
} from '../../../src-shared/api/metadata.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { mkdirOne } from '../../store/fsutil.js';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { Mutex } from '../../core/mutex.js';

export type ClientRecord = ClientMetadataBody & {
  received_at: string;
  /** The id as the client gave it (perhaps a prefix), and who posted. */
  posted_as: string;
  posted_by: string;
};

export interface VersionRecord {
  commit_id: string;
  client?: ClientRecord;
  /** The hub's own reading; null when the version holds no Logic project. */
  extracted?: LogicMetadata | null;
  extract_error?: string;
  extracted_at?: string;
}

const HEX = /^[0-9a-f]{6,64}$/;
const mutexes = new Map<string, Mutex>();

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await fsp.readFile(file, 'utf8')) as T;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // A file torn by a crash cannot exist (atomic writes), but a hand-edited one might: ignore it.
    if (e instanceof SyntaxError) return null;
    throw e;
  }
}

export class MetadataFiles {
  readonly dir: string;
  constructor(repoPath: string) {
    this.dir = path.join(repoPath, 'metadata');
  }

  /** Serialise read-modify-write sequences on this repository's metadata. */
  run<T>(task: () => Promise<T>): Promise<T> {
    let m = mutexes.get(this.dir);
    if (!m) {
      m = new Mutex();
      mutexes.set(this.dir, m);
    }
    return m.run(task);
  }

  private file(kind: 'versions' | 'pending', id: string): string {
    // Ids are checked before they name a file: nothing else from a request reaches a path.
    if (!HEX.test(id)) throw new Error(`not a commit id: ${id}`);
    return path.join(this.dir, kind, `${id}.json`);
  }

  readVersion(id: string): Promise<VersionRecord | null> {
    return readJson<VersionRecord>(this.file('versions', id));
  }

  /**
   * `metadata/` and `metadata/<sub>`, one level at a time, never the repository's folder: a
   * version read while its repository is deleted (a reading takes seconds) must not bring the
   * folder back, where it would hold the name of a repository the hub no longer lists.
   */
  private async folder(sub?: 'versions' | 'pending'): Promise<void> {
    for (const dir of sub ? [this.dir, path.join(this.dir, sub)] : [this.dir]) {
      await mkdirOne(dir, () => new AuxinError('NOT_FOUND', 'the repository is gone'));
    }
  }

  private async write(file: string, data: string, sub?: 'versions' | 'pending'): Promise<void> {
    await this.folder(sub);
    try {
      await writeFileAtomic(file, data, { mode: 0o644, makeDirs: false });
    } catch (e) {
      // Deleted between the two: the folder went with its repository.
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AuxinError('NOT_FOUND', 'the repository is gone');
      }
      throw e;
    }
  }

  writeVersion(rec: VersionRecord): Promise<void> {
    return this.write(this.file('versions', rec.commit_id), JSON.stringify(rec), 'versions');
  }

  readPending(id: string): Promise<ClientRecord | null> {
    return readJson<ClientRecord>(this.file('pending', id));
  }

  writePending(id: string, rec: ClientRecord): Promise<void> {
    return this.write(this.file('pending', id), JSON.stringify(rec), 'pending');
  }

  /** Ids of pending posts, for matching against versions as they arrive. */
  async pendingIds(): Promise<string[]> {
    const names = await fsp.readdir(path.join(this.dir, 'pending')).catch(() => [] as string[]);
    return names
      .filter((n) => n.endsWith('.json'))
      .map((n) => n.slice(0, -5))
      .filter((n) => HEX.test(n));
  }

  /** The newest pending post whose id is `full` or a prefix of it, if any. */
  async pendingFor(
    full: string,
    ids?: string[],
  ): Promise<{ id: string; rec: ClientRecord } | null> {
    let best: { id: string; rec: ClientRecord } | null = null;
    for (const id of ids ?? (await this.pendingIds())) {
      if (!full.startsWith(id)) continue;
      const rec = await this.readPending(id);
      if (rec && (!best || rec.received_at > best.rec.received_at)) best = { id, rec };
    }
    return best;
  }

  removePending(id: string): Promise<void> {
    return fsp.rm(this.file('pending', id), { force: true });
  }

  readSummary(): Promise<RepoMetadataSummary | null> {
    return readJson<RepoMetadataSummary>(path.join(this.dir, 'summary.json'));
  }

  writeSummary(s: RepoMetadataSummary): Promise<void> {
    return this.write(path.join(this.dir, 'summary.json'), JSON.stringify(s));
  }
}
