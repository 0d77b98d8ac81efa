/** Argument handling shared by push, pull and clone. */
import { AuxinError } from '../../../src-shared/errors.js';
import { createProgress, type Progress } from '../progress.js';
import type { SyncProgress } from '../../client/session.js';

export interface SyncArgs {
  positional: string[];
  json: boolean;
  force: boolean;
}

export function parseSyncArgs(argv: string[], usage: string, allowForce = false): SyncArgs {
  const out: SyncArgs = { positional: [], json: false, force: false };
  for (const a of argv) {
    if (a === '--json') out.json = true;
    else if (a === '--force' && allowForce) out.force = true;
    else if (a.startsWith('-') && a !== '-')
      throw new AuxinError('INVALID_ARGUMENT', `unknown option ${a} (usage: ${usage})`);
    else out.positional.push(a);
  }
  return out;
}

/** A progress bar on a terminal (never with --json); the total grows as work is discovered. */
export function cliProgress(label: string, json: boolean): SyncProgress & { done(): void } {
  let bar: Progress | null = null;
  let pending = 0;
  const enabled = !json && process.stderr.isTTY === true;
  return {
    addTotal(bytes) {
      if (!enabled) return;
      if (!bar) bar = createProgress(label, 0);
      bar.addTotal(bytes);
      pending += bytes;
    },
    tick(bytes) {
      bar?.tick(bytes);
    },
    done() {
      if (bar && pending > 0) bar.done();
    },
  };
}
