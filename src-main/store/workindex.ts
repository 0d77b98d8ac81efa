import { readFile } from 'node:fs/promises';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { atomicWrite } from './fsutil.js';
import type { ScanEntry } from './scan.js';

/**
 * The change-detection cache, like git's index: for each file, the stat fields seen when its
 * content was last read, and the tree entry that content produced. A file whose size, mtime,
 * ctime, inode and mode are unchanged is not read again. A file changed (ctime) within one
 * timestamp tick of the moment it was recorded is not trusted (a later write in the same tick would keep
 * the same mtime). Filesystems with whole-second timestamps get a 2 s window.
 */
export function racyWindowNs(t: bigint): bigint {
  return t % 1_000_000_000n === 0n ? 2_000_000_000n : 50_000_000n;
}

interface IndexRecord {
  size: number;
  mtime: string;
  ctime: string;
  ino: string;
  mode: number;
  entry: TreeEntry;
}

export class WorkIndex {
  private records = new Map<string, IndexRecord>();

  constructor(private readonly file: string) {}

  static async load(file: string): Promise<WorkIndex> {
    const idx = new WorkIndex(file);
    try {
      const data = JSON.parse(await readFile(file, 'utf8')) as {
        version: number;
        records: Record<string, IndexRecord>;
      };
      if (data.version === 1) idx.records = new Map(Object.entries(data.records));
    } catch {
      // missing or unreadable: start empty, files are simply read again
    }
    return idx;
  }

  /** The cached tree entry for an unchanged file, or null. */
  lookup(s: ScanEntry): TreeEntry | null {
    const r = this.records.get(s.path);
    if (!r || s.kind !== 'file') return null;
    if (
      r.size === s.size &&
      r.mtime === String(s.mtimeNs) &&
      r.ctime === String(s.ctimeNs) &&
      r.ino === String(s.ino) &&
      r.mode === s.mode &&
      r.entry.kind === 'file'
    ) {
      return r.entry;
    }
    return null;
  }

  record(s: ScanEntry, entry: TreeEntry, nowNs: bigint): void {
    if (s.kind !== 'file') return;
    // Only ctime: every write stamps it with the real time, whereas mtime is whatever the file
    // was given (a copy from a machine with a wrong clock may say 2099: never trusted, it would
    // be read again at every commit and status).
    if (nowNs - s.ctimeNs < racyWindowNs(s.ctimeNs)) {
      this.records.delete(s.path);
      return;
    }
    this.records.set(s.path, {
      size: s.size,
      mtime: String(s.mtimeNs),
      ctime: String(s.ctimeNs),
      ino: String(s.ino),
      mode: s.mode,
      entry,
    });
  }

  retain(paths: Set<string>): void {
    for (const p of this.records.keys()) if (!paths.has(p)) this.records.delete(p);
  }

  async save(tmpDir: string): Promise<void> {
    const records = Object.fromEntries(this.records);
    await atomicWrite(this.file, JSON.stringify({ version: 1, records }), tmpDir);
  }
}

export function nowNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
