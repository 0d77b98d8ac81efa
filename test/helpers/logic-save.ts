import { promises as fsp, readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'plist';
import { parsePlistDict } from '../../src-main/logic/plist.js';

/** Copies a fixture bundle into `dir` under a new name; returns its path. */
export async function copyBundle(fixture: string, dir: string, name: string): Promise<string> {
  const dest = path.join(dir, name);
  await fsp.cp(fixture, dest, { recursive: true });
  return dest;
}

/**
 * What a Logic save looks like on disk, as far as is known: media and undo churn, a backup of
 * the previous pair, then ProjectData and MetaData.plist (written here as an XML plist, which
 * the reader accepts as well), ProjectInformation.plist and the window image.
 * Returns the time of the last write.
 */
export async function simulateSave(
  bundle: string,
  changes: Record<string, unknown>,
  alt = '000',
  previous?: Buffer,
): Promise<number> {
  const altDir = path.join(bundle, 'Alternatives', alt);
  const mdPath = path.join(altDir, 'MetaData.plist');
  const md = { ...parsePlistDict(previous ?? readFileSync(mdPath)), ...changes };
  await fsp.mkdir(path.join(altDir, 'Autosave'), { recursive: true });
  await fsp.writeFile(path.join(altDir, 'Autosave', `${Date.now()}.songData`), 'x');
  await fsp.mkdir(path.join(altDir, 'Undo Data.nosync'), { recursive: true });
  await fsp.writeFile(path.join(altDir, 'Undo Data.nosync', 'a.undo'), String(Math.random()));
  const backup = path.join(altDir, 'Project File Backups', '00');
  await fsp.mkdir(backup, { recursive: true });
  await fsp.copyFile(mdPath, path.join(backup, 'MetaData.plist'));
  const pdPath = path.join(altDir, 'ProjectData');
  const pd = await fsp.readFile(pdPath).catch(() => null);
  if (pd) await fsp.writeFile(pdPath, pd);
  await fsp.writeFile(mdPath, build(md as never));
  const pi = path.join(bundle, 'Resources', 'ProjectInformation.plist');
  await fsp.writeFile(pi, await fsp.readFile(pi));
  await fsp.writeFile(path.join(altDir, 'WindowImage.jpg'), 'jpeg');
  return Date.now();
}
