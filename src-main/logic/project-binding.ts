/**
 * Facts about a local project that the watcher does not see: when Logic last wrote its state
 * files, and which hub repository it syncs with (its store's remote: a bundle keeps its history
 * in the hidden sibling `.<Name>.logicx.auxin/`, a folder project in `<folder>/.auxin/`).
 */
import { stat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { listRemotes, type Remote } from '../client/remotes.js';

/** Newest modification time of the project-state files, or null when none can be read. */
export async function lastSaved(bundle: string): Promise<Date | null> {
  const files = [path.join(bundle, 'Resources', 'ProjectInformation.plist')];
  const alts = await readdir(path.join(bundle, 'Alternatives')).catch(() => [] as string[]);
  // A project has a handful of alternatives; the bound keeps a hostile folder cheap.
  for (const a of alts.slice(0, 64)) {
    files.push(path.join(bundle, 'Alternatives', a, 'ProjectData'));
    files.push(path.join(bundle, 'Alternatives', a, 'MetaData.plist'));
  }
  let newest: number | null = null;
  for (const f of files) {
    const st = await stat(f).catch(() => null);
    if (st?.isFile() && (newest === null || st.mtimeMs > newest)) newest = st.mtimeMs;
  }
  return newest === null ? null : new Date(newest);
}

/** The store roots that may hold a bundle's history, most specific first. */
export function storeCandidates(bundle: string): string[] {
  const dir = path.dirname(bundle);
  return [path.join(dir, `.${path.basename(bundle)}.auxin`), path.join(dir, '.auxin')];
}

/** The remote a project pushes to (`origin`, else the first one), or null. */
export async function projectRemote(bundle: string): Promise<Remote | null> {
  for (const root of storeCandidates(bundle)) {
    const remotes = await listRemotes({ root }).catch(() => [] as Remote[]);
    if (remotes.length) return remotes.find((r) => r.remote === 'origin') ?? remotes[0]!;
  }
  return null;
}
