import type { Command } from '../command.js';
import { parse, storeHere } from '../args.js';
import { formatBytes } from '../progress.js';

export const gcCommand: Command = {
  name: 'gc',
  usage: 'gc [--grace SECONDS]',
  summary: 'remove chunks and objects no branch reaches',
  async run(argv) {
    const { values } = parse(argv, { grace: { type: 'string' } }, this.usage);
    const graceMs = values.grace !== undefined ? Number(values.grace) * 1000 : undefined;
    const r = await storeHere().gc({ graceMs });
    process.stdout.write(
      `removed ${r.removed.chunks} chunks, ${r.removed.trees} trees, ${r.removed.commits} commits ` +
        `(${formatBytes(r.removed.bytes)}); kept ${r.kept.chunks} chunks\n`,
    );
    return 0;
  },
};
