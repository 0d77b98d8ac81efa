import { AuxinError } from '../../../src-shared/errors.js';
import { discoverStore } from '../../client/local.js';
import { push } from '../../client/push.js';
import { resolveRemote } from '../../client/remotes.js';
import { SyncSession, tokenFor } from '../../client/session.js';
import type { Command } from '../command.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { cliProgress, parseSyncArgs } from './sync-args.js';

const usage = 'push [REMOTE] [BRANCH] [--force] [--json]';

export const pushCommand: Command = {
  name: 'push',
  usage,
  summary: 'send your versions of a branch to the hub',
  async run(argv) {
    const args = parseSyncArgs(argv, usage, true);
    if (args.positional.length > 2)
      throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
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
      if (args.json) printJson({ remote: remote.remote, ...r });
      else if (r.up_to_date) process.stdout.write(`${remote.remote}/${branch} is up to date\n`);
      else
        process.stdout.write(
          `pushed ${r.commits} version(s) to ${remote.remote}/${branch}: ${r.chunks} chunks, ` +
            `${formatBytes(r.bytes_sent)} sent in ${r.seconds.toFixed(1)} s\n`,
        );
      return 0;
    } finally {
      session.close();
    }
  },
};
