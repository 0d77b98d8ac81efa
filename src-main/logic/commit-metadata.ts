import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { fingerprint } from './fingerprint.js';
import { inspectBundlePath, isBundleName } from './reader.js';

export interface ProjectReading {
  /** The bundle read, or undefined when the folder holds no (single) Logic project. */
  bundle?: string;
  metadata?: LogicMetadata;
  /** Why there is no metadata although a bundle was found. */
  problem?: string;
  /** The state files' fingerprint when read; compare after the commit with `projectMoved`. */
  stamp?: string | null;
}

/**
 * The Logic project of a working folder: the folder itself when it is a bundle, else its only
 * top-level bundle (a folder project: MySong/MySong.logicx next to Audio Files/). Never throws:
 * a commit must not fail because a project is unreadable.
 */
export async function readProjectOf(workDir: string): Promise<ProjectReading> {
  let bundle: string | undefined;
  if (isBundleName(path.basename(workDir))) bundle = workDir;
  else {
    const entries = await readdir(workDir, { withFileTypes: true }).catch(() => []);
    const found = entries.filter((e) => e.isDirectory() && isBundleName(e.name));
    if (found.length === 1) bundle = path.join(workDir, found[0]!.name);
  }
  if (!bundle) return {};
  try {
    const stamp = await fingerprint(bundle);
    const { metadata } = await inspectBundlePath(bundle);
    return { bundle, metadata, stamp };
  } catch (e) {
    return { bundle, problem: (e as Error).message };
  }
}

/** True when the project's state files changed since `readProjectOf` (Logic saved meanwhile). */
export async function projectMoved(r: ProjectReading): Promise<boolean> {
  if (!r.bundle || r.stamp === undefined) return false;
  return (await fingerprint(r.bundle)) !== r.stamp;
}
