/**
 * What the watcher does not see about a local project: which hub repository it syncs with (its store's remote: a bundle keeps its history
 * in the hidden sibling `.<Name>.logicx.auxin/`, a folder project in `<folder>/.auxin/`).
 */
import path from 'node:path';
import { listRemotes, type Remote } from '../client/remotes.js';

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
