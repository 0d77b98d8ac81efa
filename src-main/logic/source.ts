import { constants as fsc, promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * Where the reader gets a bundle's files from. The local app reads a folder on disk; the hub
 * reads the same files out of stored chunks, with no folder at all. Paths are bundle-relative,
 * with '/' separators and no leading slash ("Alternatives/000/MetaData.plist"). A source only
 * ever reads.
 */
export interface BundleFileSource {
  /** The bundle folder's name with its extension: "Song.logicx", "Okna.band". */
  readonly name: string;
  /**
   * The file's bytes, or null when there is no such file. Must throw (any Error) instead of
   * returning more than maxBytes, so a huge file is refused before it is loaded.
   */
  readFile(rel: string, maxBytes: number): Promise<Buffer | null>;
  /**
   * The file's first `bytes` bytes (fewer if it is shorter) and its whole size, or null when there
   * is no such file: lets the reader refuse a file by its header before loading all of it.
   * Optional; without it the reader loads the file to look.
   */
  head?(rel: string, bytes: number): Promise<{ bytes: Buffer; size: number } | null>;
  /** Names in a folder (files and folders), or null when there is no such folder. */
  listDir(rel: string): Promise<string[] | null>;
  /** Whether a file exists. `rel` may start with "../" for folder projects' audio. */
  exists(rel: string): Promise<boolean>;
}

export class TooLargeError extends Error {}

/**
 * A bundle on the local filesystem. A symbolic link inside the bundle is never followed (a file
 * or folder that is one counts as absent): a bundle from elsewhere must not make us read, and
 * store in its metadata, another project's files or anything else on the machine. The bundle's
 * own path may be a link; only what lies below it is checked.
 */
export function createFsSource(bundlePath: string): BundleFileSource {
  const root = path.resolve(bundlePath);
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  /** Whether each of `folders` (bundle-relative, in order) is a real folder, not a link. */
  const realFolders = async (folders: string[]) => {
    let at = root;
    for (const f of folders) {
      at = path.join(at, f);
      const st = await fsp.lstat(at).catch(() => null);
      if (!st?.isDirectory()) return false;
    }
    return true;
  };
  /** The file open for reading with its size; null when it is missing or not a plain file. */
  const open = async (rel: string): Promise<{ fh: fsp.FileHandle; size: number } | null> => {
    if (!(await realFolders(rel.split('/').slice(0, -1)))) return null;
    let fh: fsp.FileHandle;
    try {
      // Non-blocking, so a FIFO planted in a bundle opens at once (and is refused below as not a
      // file) instead of holding one of libuv's four threads until a writer comes: four of them
      // would stall every file operation of the process. No-follow: a link is not ours to read.
      fh = await fsp.open(abs(rel), fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0) | (fsc.O_NOFOLLOW ?? 0));
    } catch (e) {
      if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ELOOP') return null;
      throw e;
    }
    const st = await fh.stat().catch(async (e: unknown) => {
      await fh.close();
      throw e;
    });
    if (st.isFile()) return { fh, size: st.size };
    await fh.close();
    return null;
  };
  return {
    name: path.basename(root),
    async head(rel, bytes) {
      const opened = await open(rel);
      if (!opened) return null;
      const { fh, size } = opened;
      try {
        const buf = Buffer.alloc(Math.min(bytes, size));
        const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
        return { bytes: buf.subarray(0, bytesRead), size };
      } finally {
        await fh.close();
      }
    },
    async readFile(rel, maxBytes) {
      const opened = await open(rel);
      if (!opened) return null;
      const { fh, size } = opened;
      try {
        if (size > maxBytes) throw new TooLargeError(`${rel} is ${size} bytes (limit ${maxBytes})`);
        // Read at most maxBytes + 1 so a file growing under us is still caught.
        const buf = Buffer.alloc(size + 1);
        let got = 0;
        while (got < buf.length) {
          const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
          if (bytesRead === 0) break;
          got += bytesRead;
        }
        if (got > maxBytes) throw new TooLargeError(`${rel} grew past ${maxBytes} bytes`);
        return buf.subarray(0, got);
      } finally {
        await fh.close();
      }
    },
    async listDir(rel) {
      if (rel !== '' && !(await realFolders(rel.split('/')))) return null;
      try {
        return await fsp.readdir(rel === '' ? root : abs(rel));
      } catch (e) {
        if (isMissing(e) || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return null;
        throw e;
      }
    },
    async exists(rel) {
      try {
        return (await fsp.stat(abs(rel))).isFile();
      } catch {
        return false;
      }
    },
  };
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A bundle held in memory: bundle-relative path → bytes. Folders are implied by the paths. */
export function createMemorySource(
  name: string,
  files: Map<string, Buffer> | Record<string, Buffer>,
): BundleFileSource {
  const map = files instanceof Map ? files : new Map(Object.entries(files));
  return {
    name,
    async readFile(rel, maxBytes) {
      const buf = map.get(rel);
      if (!buf) return null;
      if (buf.length > maxBytes)
        throw new TooLargeError(`${rel} is ${buf.length} bytes (limit ${maxBytes})`);
      return buf;
    },
    async listDir(rel) {
      const prefix = rel === '' ? '' : `${rel}/`;
      const names = new Set<string>();
      for (const key of map.keys()) {
        if (key.startsWith(prefix)) names.add(key.slice(prefix.length).split('/')[0]!);
      }
      return names.size > 0 ? [...names] : null;
    },
    async exists(rel) {
      return map.has(rel);
    },
  };
}

/**
 * A source from two callbacks, for callers that hold files some other way (the hub's stored
 * chunks). Existence is answered from the parent folder's listing.
 */
export function createCallbackSource(
  name: string,
  getFile: (rel: string) => Promise<Buffer | null>,
  listDir: (rel: string) => Promise<string[] | null>,
): BundleFileSource {
  return {
    name,
    async readFile(rel, maxBytes) {
      const buf = await getFile(rel);
      if (buf && buf.length > maxBytes) {
        throw new TooLargeError(`${rel} is ${buf.length} bytes (limit ${maxBytes})`);
      }
      return buf;
    },
    listDir,
    async exists(rel) {
      const cut = rel.lastIndexOf('/');
      const names = await listDir(cut < 0 ? '' : rel.slice(0, cut));
      return names?.includes(rel.slice(cut + 1)) ?? false;
    },
  };
}
