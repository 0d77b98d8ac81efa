import chokidar from 'chokidar';

export type FsEventType = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FsWatchHandlers {
  event(type: FsEventType, path: string): void;
  ready(): void;
  error(e: Error): void;
}

/** The filesystem watcher behind the project watcher, small enough to fake in tests. */
export interface FsWatchAdapter {
  start(roots: string[], ignored: (p: string) => boolean, handlers: FsWatchHandlers): void;
  close(): Promise<void>;
}

/**
 * chokidar 3: on macOS it uses fsevents, one stream for the whole library; elsewhere one
 * fs.watch per folder, which the `ignored` filter keeps to a few folders per bundle.
 * Settling is ours (per bundle), so chokidar's awaitWriteFinish polling stays off.
 */
export function createChokidarAdapter(): FsWatchAdapter {
  let watcher: chokidar.FSWatcher | undefined;
  return {
    start(roots, ignored, h) {
      watcher = chokidar.watch(roots, {
        ignored: (p: string) => ignored(p),
        ignoreInitial: false,
        followSymlinks: false,
        persistent: true,
        awaitWriteFinish: false,
      });
      watcher.on('all', (type, p) => h.event(type as FsEventType, p));
      watcher.on('ready', () => h.ready());
      watcher.on('error', (e) => h.error(e instanceof Error ? e : new Error(String(e))));
    },
    async close() {
      await watcher?.close();
    },
  };
}
