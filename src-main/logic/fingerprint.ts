import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * (size, mtime, inode) of a bundle's state files. Two equal fingerprints a moment apart mean
 * no writer is busy; a different one after a read means the read may mix two saves. The inode
 * catches a rename-into-place that keeps size and mtime.
 */
export async function fingerprint(bundle: string): Promise<string | null> {
  const st = await fsp.stat(bundle).catch(() => null);
  if (!st?.isDirectory()) return null;
  const files = ['Resources/ProjectInformation.plist'];
  const alts = await fsp.readdir(path.join(bundle, 'Alternatives')).catch(() => [] as string[]);
  for (const a of alts.filter((n) => /^\d+$/.test(n)).sort()) {
    files.push(`Alternatives/${a}/ProjectData`, `Alternatives/${a}/MetaData.plist`);
  }
  const parts = await Promise.all(
    files.map(async (f) => {
      const s = await fsp.stat(path.join(bundle, f)).catch(() => null);
      return s ? `${f}:${s.size}:${s.mtimeMs}:${s.ino}` : `${f}:-`;
    }),
  );
  return parts.join('|');
}
