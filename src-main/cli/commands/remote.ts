import { AuxinError } from '../../../src-shared/errors.js';
import { discoverStore } from '../../client/local.js';
import { addRemote, listRemotes, removeRemote } from '../../client/remotes.js';
import { usageOf } from './index.js';
import { printJson } from '../output.js';

const usage = usageOf('remote');

export async function run(argv: string[]): Promise<number> {
  const store = discoverStore(process.cwd());
  const [sub, ...rest] = argv;
  if (sub === 'add') {
    const [name, url, ...extra] = rest;
    if (!name || !url || extra.length)
      throw new AuxinError('INVALID_ARGUMENT', `usage: auxin remote add NAME URL`);
    await addRemote(store, name, url);
    return 0;
  }
  if (sub === 'remove' || sub === 'rm') {
    if (rest.length !== 1)
      throw new AuxinError('INVALID_ARGUMENT', 'usage: auxin remote remove NAME');
    await removeRemote(store, rest[0]!);
    return 0;
  }
  const flags = new Set(sub === undefined ? [] : [sub, ...rest]);
  const verbose = flags.delete('-v') || flags.delete('--verbose');
  const json = flags.delete('--json');
  if (flags.size) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const remotes = await listRemotes(store);
  if (json) printJson(remotes.map((r) => ({ name: r.remote, url: r.url })));
  else
    for (const r of remotes)
      process.stdout.write(verbose ? `${r.remote}\t${r.url}\n` : `${r.remote}\n`);
  return 0;
}
