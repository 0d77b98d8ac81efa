import { pull } from '../../client/pull.js';
import { usageOf } from './index.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { parseSyncArgs, syncTarget } from './sync-args.js';

const usage = usageOf('pull');

export async function run(argv: string[]): Promise<number> {
  const args = parseSyncArgs(argv, usage);
  const { store, remote, branch, session, progress } = await syncTarget(args, usage, 'pull');
  try {
    // The bar's line ends before anything else is printed, the error of a failure included.
    const r = await pull(store, session, { branch, progress, remote: remote.remote }).finally(() =>
      progress.done(),
    );
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
