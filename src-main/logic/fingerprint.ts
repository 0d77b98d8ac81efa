import { promises as fsp, type Stats } from 'node:fs';
import path from 'node:path';

/** The project-state files of a bundle folder with their stats (null for an absent one). */
async function stateFiles(bundle: string): Promise<Array<[string, Stats | null]> | null> {
  const st = await fsp.stat(bundle).catch(() => null);
  if (!st?.isDirectory()) return null;
  const files = ['Resources/ProjectInformation.plist'];
  const alts = await fsp.readdir(path.join(bundle, 'Alternatives')).catch(() => [] as string[]);
  for (const a of alts.filter((n) => /^\d+$/.test(n)).sort()) {
    files.push(`Alternatives/${a}/ProjectData`, `Alternatives/${a}/MetaData.plist`);
  }
  return Promise.all(
    files.map(async (f): Promise<[string, Stats | null]> => [
      f,
      await fsp.stat(path.join(bundle, f)).catch(() => null),
    ]),
  );
}

/**
 * (size, mtime, inode) of a bundle's state files; null when the bundle folder is gone. Two
 * equal fingerprints a moment apart mean no writer is busy; a different one after a read means
 * the read may mix two saves. The inode catches a rename-into-place that keeps size and mtime.
 */
export async function fingerprint(bundle: string): Promise<string | null> {
  const files = await stateFiles(bundle);
  if (!files) return null;
  return files.map(([f, s]) => (s ? `${f}:${s.size}:${s.mtimeMs}:${s.ino}` : `${f}:-`)).join('|');
}

/** When the project was last saved: the newest modification time of its state files (ISO). */
export async function lastSaved(bundle: string): Promise<string | undefined> {
  const files = await stateFiles(bundle);
  const newest = Math.max(0, ...(files ?? []).map(([, s]) => s?.mtimeMs ?? 0));
  return newest > 0 ? new Date(newest).toISOString() : undefined;
}
