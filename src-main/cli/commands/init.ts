import type { Command } from '../command.js';
import { parse } from '../args.js';
import { Store } from '../../store/index.js';

export const initCommand: Command = {
  name: 'init',
  usage: 'init [DIR] [--bare]',
  summary: 'start versioning a folder or Logic bundle (the current folder by default)',
  async run(argv) {
    const { values, positionals } = parse(argv, { bare: { type: 'boolean' } }, this.usage);
    const store = await Store.init(positionals[0] ?? process.cwd(), { bare: values.bare ?? false });
    process.stdout.write(`initialised an empty store in ${store.root}\n`);
    return 0;
  },
};
