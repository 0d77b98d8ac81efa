import { AuxinError } from '../../../src-shared/errors.js';
import { pull } from '../../client/pull.js';
import { hubAccount } from '../../client/account.js';
import { defaultAuthor } from '../args.js';
import { usageOf } from './index.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { plural } from '../music.js';
import { parseSyncArgs, sayHowToResume, syncTarget } from './sync-args.js';

const usage = usageOf('pull');

export async function run(argv: string[]): Promise<number> {
  const mine = argv.includes('--keep-mine');
  const theirs = argv.includes('--keep-theirs');
  if (mine && theirs) {
    throw new AuxinError('INVALID_ARGUMENT', 'choose one: --keep-mine or --keep-theirs');
  }
  const args = parseSyncArgs(
    argv.filter((a) => a !== '--keep-mine' && a !== '--keep-theirs'),
    usage,
  );
  const { store, remote, branch, session, progress } = await syncTarget(args, usage, 'pull');
  const stopListening = sayHowToResume();
  try {
    const keep = mine ? 'mine' : theirs ? 'theirs' : undefined;
    // Named after the hub account (as locks and the feed name people), else this machine's user.
    const user = (await hubAccount(session.transport)) ?? defaultAuthor();
    // The bar's line ends before anything else is printed, the error of a failure included.
    const r = await pull(store, session, {
      branch,
      progress,
      remote: remote.remote,
      keep,
      user,
    }).finally(() => progress.done());
    if (args.json) printJson({ remote: remote.remote, ...r });
    else if (r.resolved?.keep === 'mine')
      process.stdout.write(
        `kept your version over the hub's ${plural(r.commits, 'version')}: ${branch} is now ` +
          `${r.new!.slice(0, 12)}, with both histories; \`auxin push\` sends it\n`,
      );
    else if (r.resolved?.keep === 'theirs') {
      const kept = r.resolved.kept_branch!;
      process.stdout.write(
        `took the hub's ${branch} (${plural(r.commits, 'version')}); yours stay on branch ${kept}` +
          (r.resolved.kept_pushed
            ? `, pushed to ${remote.remote}\n`
            : ` (not pushed: ${r.resolved.kept_push_error}; \`auxin push ${remote.remote} ${kept}\` sends it later)\n`),
      );
    } else if (r.up_to_date)
      process.stdout.write(`already up to date with ${remote.remote}/${branch}\n`);
    else
      process.stdout.write(
        `pulled ${plural(r.commits, 'version')} from ${remote.remote}/${branch}: ` +
          `${formatBytes(r.bytes_received)} received in ${r.seconds.toFixed(1)} s\n`,
      );
    return 0;
  } finally {
    stopListening();
    session.close();
  }
}
