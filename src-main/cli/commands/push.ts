import { AuxinError } from '../../../src-shared/errors.js';
import { push } from '../../client/push.js';
import { tokenFor } from '../../client/session.js';
import { releaseAfterPush } from '../../client/locks.js';
import { forgetHeldLock, heldLockId } from '../../client/held-lock.js';
import { usageOf } from './index.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { plural } from '../music.js';
import { parseSyncArgs, sayHowToResume, syncTarget } from './sync-args.js';

const usage = usageOf('push');

export async function run(argv: string[]): Promise<number> {
  const release = argv.includes('--release');
  // --as-branch NAME: diverged work goes to a new branch on the hub instead, never forcing.
  const at = argv.indexOf('--as-branch');
  const asBranch = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && (!asBranch || asBranch.startsWith('-'))) {
    throw new AuxinError('INVALID_ARGUMENT', `--as-branch needs a branch name (usage: ${usage})`);
  }
  const rest = argv.filter((a, i) => a !== '--release' && (at < 0 || (i !== at && i !== at + 1)));
  const args = parseSyncArgs(rest, usage, true);
  if (asBranch && args.force) {
    throw new AuxinError('INVALID_ARGUMENT', '--as-branch never forces: leave out --force');
  }
  const { store, remote, branch, session, progress } = await syncTarget(args, usage, 'push');
  const stopListening = sayHowToResume();
  try {
    // The bar's line ends before anything else is printed, the error of a failure included.
    const lockId = heldLockId(store, remote);
    const r = await push(store, session, {
      branch,
      force: args.force,
      progress,
      lockId,
      asBranch,
    }).finally(() => progress.done());
    // --release: the holder gives the project back once the push is safely on the hub.
    const lock = release ? await releaseAfterPush(remote, tokenFor(remote.baseUrl)) : null;
    if (lock) forgetHeldLock(store);
    if (args.json) printJson({ remote: remote.remote, ...r, ...(lock && { lock }) });
    else if (r.up_to_date) process.stdout.write(`${remote.remote}/${r.branch} is up to date\n`);
    else if (r.commits === 0)
      // The branch moved to versions an earlier push (one a lock refused) or another branch sent.
      process.stdout.write(
        `${remote.remote}/${r.branch} now at ${r.new.slice(0, 12)} ` +
          `(the hub had its versions already)\n`,
      );
    else
      process.stdout.write(
        `pushed ${plural(r.commits, 'version')} to ${remote.remote}/${r.branch}: ${plural(r.chunks, 'chunk')}, ` +
          `${formatBytes(r.bytes_sent)} sent in ${r.seconds.toFixed(1)} s\n`,
      );
    if (lock && !args.json) process.stdout.write(`${lock.text}\n`);
    return 0;
  } finally {
    stopListening();
    session.close();
  }
}
