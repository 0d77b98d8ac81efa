/** Argument handling shared by push, pull and clone. */
import { AuxinError } from '../../../src-shared/errors.js';
import { createProgress, type Progress } from '../progress.js';
import { discoverStore } from '../../client/local.js';
import { resolveRemote } from '../../client/remotes.js';
import { SyncSession, tokenFor, type SyncProgress } from '../../client/session.js';

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

/**
 * What push and pull work on: `[REMOTE] [BRANCH]` (default `origin` and the current branch),
 * the local store, a session with the remote's token, and the progress bar.
 */
export async function syncTarget(args: SyncArgs, usage: string, verb: 'push' | 'pull') {
  if (args.positional.length > 2) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const store = discoverStore(process.cwd());
  const remote = await resolveRemote(store, args.positional[0] ?? 'origin');
  const branch = args.positional[1] ?? store.head().branch;
  if (!branch) {
    throw new AuxinError('INVALID_ARGUMENT', `HEAD is not on a branch: name the branch to ${verb}`);
  }
  const session = new SyncSession(remote, { token: tokenFor(remote.baseUrl) });
  return { store, remote, branch, session, progress: cliProgress(`${verb} ${branch}`, args.json) };
}

/**
 * Ctrl-C during a push, pull or clone: what was sent or received is kept, so say how to go on
 * rather than leave a bare `^C`. Returns the function that stops listening.
 */
export function sayHowToResume(how = 'run the same command again to resume'): () => void {
  const onInt = () => {
    process.stderr.write(`\nauxin: interrupted: ${how}\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInt);
  return () => process.off('SIGINT', onInt);
}
