import { AuxinError } from '../../../src-shared/errors.js';
import { discoverStore } from '../../client/local.js';
import { push } from '../../client/push.js';
import { resolveRemote } from '../../client/remotes.js';
import { SyncSession, tokenFor } from '../../client/session.js';
import { releaseAfterPush } from '../../client/locks.js';
import { usageOf } from './index.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { cliProgress, parseSyncArgs } from './sync-args.js';

const usage = usageOf('push');

export async function run(argv: string[]): Promise<number> {
  const release = argv.includes('--release');
  const args = parseSyncArgs(
    argv.filter((a) => a !== '--release'),
    usage,
    true,
  );
  if (args.positional.length > 2) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const store = discoverStore(process.cwd());
  const remote = await resolveRemote(store, args.positional[0] ?? 'origin');
  const branch = args.positional[1] ?? store.head().branch;
  if (!branch)
    throw new AuxinError('INVALID_ARGUMENT', 'HEAD is not on a branch: name the branch to push');
  const session = new SyncSession(remote, { token: tokenFor(remote.baseUrl) });
  const progress = cliProgress(`push ${branch}`, args.json);
  try {
    const r = await push(store, session, { branch, force: args.force, progress });
    progress.done();
    // --release: the holder gives the project back once the push is safely on the hub.
    const lock = release ? await releaseAfterPush(remote, tokenFor(remote.baseUrl)) : null;
    if (args.json) printJson({ remote: remote.remote, ...r, ...(lock && { lock }) });
    else if (r.up_to_date) process.stdout.write(`${remote.remote}/${branch} is up to date\n`);
    else
      process.stdout.write(
        `pushed ${r.commits} version(s) to ${remote.remote}/${branch}: ${r.chunks} chunks, ` +
          `${formatBytes(r.bytes_sent)} sent in ${r.seconds.toFixed(1)} s\n`,
      );
    if (lock && !args.json) process.stdout.write(`${lock.text}\n`);
    return 0;
  } finally {
    session.close();
  }
}
