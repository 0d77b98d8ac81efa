import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AuxinError } from '../../../src-shared/errors.js';
import { clone } from '../../client/pull.js';
import { parseRemoteUrl } from '../../client/remotes.js';
import { tokenFor } from '../../client/session.js';
import { usageOf } from './index.js';
import { formatBytes } from '../progress.js';
import { printJson } from '../output.js';
import { plural } from '../music.js';
import { cliProgress, parseSyncArgs, sayHowToResume } from './sync-args.js';

const usage = usageOf('clone');

/** Cloning onto a file would end in a raw ENOTDIR: say it in words, with a code. */
async function refuseFile(abs: string): Promise<void> {
  const st = await stat(abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOTDIR') return null;
    throw new AuxinError(
      'ALREADY_EXISTS',
      `cannot clone into ${abs}: a folder on its way is a file`,
    );
  });
  if (st && !st.isDirectory()) {
    throw new AuxinError(
      'ALREADY_EXISTS',
      `${abs} is a file, not a folder; clone into a new or empty folder`,
    );
  }
}

export async function run(argv: string[]): Promise<number> {
  const args = parseSyncArgs(argv, usage);
  const [url, dir, ...extra] = args.positional;
  if (!url || extra.length) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const target = parseRemoteUrl(url);
  await refuseFile(resolve(dir ?? target.name));
  const progress = cliProgress('clone', args.json);
  // A clone stopped half-way keeps its store: pulling inside the folder finishes it.
  const stopListening = sayHowToResume(
    `run \`auxin pull\` inside ${resolve(dir ?? target.name)} to resume`,
  );
  // The bar's line ends before anything else is printed, the error of a failure included.
  const r = await clone(url, dir, { token: tokenFor(target.baseUrl), progress }).finally(() => {
    stopListening();
    progress.done();
  });
  if (args.json) printJson(r);
  else
    process.stdout.write(
      `cloned ${target.namespace}/${target.name} into ${r.dir}: ${plural(r.commits, 'version')}, ` +
        `${formatBytes(r.bytes_received)} received in ${r.seconds.toFixed(1)} s\n`,
    );
  return 0;
}
