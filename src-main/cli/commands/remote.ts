import { AuxinError } from '../../../src-shared/errors.js';
import { discoverStore } from '../../client/local.js';
import { addRemote, listRemotes, removeRemote } from '../../client/remotes.js';
import type { Command } from '../command.js';
import { printJson } from '../output.js';

const usage = 'remote [-v] | remote add NAME URL | remote remove NAME';

export const remoteCommand: Command = {
  name: 'remote',
  usage,
  summary: 'list, add or remove the hubs this project syncs with',
  async run(argv) {
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
  },
};
