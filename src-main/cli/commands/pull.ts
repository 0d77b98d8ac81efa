import { AuxinError } from '../../../src-shared/errors.js';
import { discoverStore } from '../../client/local.js';
import { pull } from '../../client/pull.js';
import { resolveRemote } from '../../client/remotes.js';
import { SyncSession, tokenFor } from '../../client/session.js';
import { usageOf } from './index.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { cliProgress, parseSyncArgs } from './sync-args.js';

const usage = usageOf('pull');

export async function run(argv: string[]): Promise<number> {
  const args = parseSyncArgs(argv, usage);
  if (args.positional.length > 2) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const store = discoverStore(process.cwd());
  const remote = await resolveRemote(store, args.positional[0] ?? 'origin');
  const branch = args.positional[1] ?? store.head().branch;
  if (!branch)
    throw new AuxinError('INVALID_ARGUMENT', 'HEAD is not on a branch: name the branch to pull');
  const session = new SyncSession(remote, { token: tokenFor(remote.baseUrl) });
  const progress = cliProgress(`pull ${branch}`, args.json);
  try {
    const r = await pull(store, session, { branch, progress });
    progress.done();
    if (args.json) printJson({ remote: remote.remote, ...r });
    else if (r.up_to_date)
      process.stdout.write(`already up to date with ${remote.remote}/${branch}\n`);
    else
      process.stdout.write(
        `pulled ${r.commits} version(s) from ${remote.remote}/${branch}: ` +
          `${formatBytes(r.bytes_received)} received in ${r.seconds.toFixed(1)} s\n`,
      );
    return 0;
  } finally {
    session.close();
  }
}
