import path from 'node:path';
import type { AudioFiles } from '../../src-shared/api/metadata.js';
import type { BundleFileSource } from './source.js';

export const MAX_AUDIO_ENTRIES = 20_000;

/**
 * Resolves MetaData's AudioFiles / UnusedAudioFiles. Relative entries live under Media/ in a
 * package, or next to the bundle in a folder project (HasProjectFolder); absolute entries are
 * external files (Apple Loops, other bundles after a Save As) and are kept as they are, unchecked,
 * because the hub has no way to look at the saving Mac's disk.
 */
export async function resolveAudioFiles(
  source: BundleFileSource,
  used: string[],
  unused: string[],
  folderProject: boolean,
  warnings: string[],
): Promise<AudioFiles> {
  const missing: string[] = [];
  const base = folderProject ? '..' : 'Media';
  const seen = new Map<string, boolean>();
  const resolve = async (entries: string[]): Promise<string[]> => {
    const out: string[] = [];
    for (const raw of entries.slice(0, MAX_AUDIO_ENTRIES)) {
      const entry = raw.normalize('NFC');
      if (entry.startsWith('/')) {
        out.push(entry);
        continue;
      }
      const norm = path.posix.normalize(entry);
      if (norm === '.' || norm.startsWith('../') || norm === '..') {
        warnings.push(`audio file entry "${entry}" points outside its folder; kept as it is`);
        out.push(entry);
        continue;
      }
      const rel = `${base}/${norm}`;
      out.push(rel);
      let there = seen.get(rel);
      if (there === undefined) {
        there = await source.exists(rel);
        seen.set(rel, there);
        if (!there) missing.push(rel);
      }
    }
    if (entries.length > MAX_AUDIO_ENTRIES) {
      warnings.push(
        `only the first ${MAX_AUDIO_ENTRIES} of ${entries.length} audio file entries were read`,
      );
    }
    return out;
  };
  return { used: await resolve(used), unused: await resolve(unused), missing };
}
