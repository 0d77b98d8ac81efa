import path from 'node:path';

/**
 * Which paths under a library root matter to the watcher. A bundle (*.logicx, *.band) is a
 * leaf project; inside it only the project-state files count. Everything else in a bundle is
 * media, autosave, undo data, backups or UI state, and is not even watched.
 */

const BUNDLE_SEGMENT = /\.(logicx|band)$/i;
const SAFE_SAVE = '(A Document Being Saved By';
const STATE_FILE = /^Alternatives\/[^/]+\/(ProjectData|MetaData\.plist)$/;
const ALT_FOLDER = /^Alternatives\/[^/.][^/]*$/;
const KEEP_IN_BUNDLE = new Set([
  '',
  'Alternatives',
  'Resources',
  'Resources/ProjectInformation.plist',
]);

export interface BundleLocation {
  /** Absolute path of the bundle folder. */
  bundle: string;
  /** Path inside it, '/'-separated; '' for the bundle itself. */
  rel: string;
}

/** The bundle a path is in (the outermost *.logicx / *.band segment), if any. */
export function locateBundle(p: string): BundleLocation | undefined {
  const parts = path.resolve(p).split(path.sep);
  const i = parts.findIndex((s) => BUNDLE_SEGMENT.test(s));
  if (i < 0) return undefined;
  return {
    bundle: parts.slice(0, i + 1).join(path.sep) || path.sep,
    rel: parts.slice(i + 1).join('/'),
  };
}

/** Whether a path inside a bundle is one the watcher reacts to (and so must watch). */
export function isStatePath(rel: string): boolean {
  return KEEP_IN_BUNDLE.has(rel) || ALT_FOLDER.test(rel) || STATE_FILE.test(rel);
}

/**
 * The filter given to the filesystem watcher. Relative to the matching root, so a library under
 * a dot-folder still works: dot-files and NSDocument safe-save scratch folders are skipped, and
 * within a bundle everything but its state files.
 */
export function createIgnore(roots: string[]): (p: string) => boolean {
  const absRoots = roots.map((r) => path.resolve(r));
  return (p: string) => {
    const abs = path.resolve(p);
    const root = absRoots.find(
      (r) => abs === r || abs.startsWith(r.endsWith(path.sep) ? r : r + path.sep),
    );
    const below = root === undefined ? abs : abs.slice(root.length);
    for (const seg of below.split(path.sep)) {
      if (seg.startsWith('.') || seg.includes(SAFE_SAVE)) return true;
    }
    const loc = locateBundle(abs);
    if (!loc) return false;
    return !isStatePath(loc.rel);
  };
}
