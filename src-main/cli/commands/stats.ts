import type { Command } from '../command.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';

export const statsCommand: Command = {
  name: 'stats',
  usage: 'stats [--json]',
  summary: 'logical bytes, stored bytes and the deduplication ratio',
  async run(argv) {
    const { values } = parse(argv, { json: { type: 'boolean' } }, this.usage);
    const s = await storeHere().stats();
    if (values.json) printJson(s);
    else {
      process.stdout.write(
        `${s.commits} versions, ${s.branches} branches, ${s.chunks} chunks\n` +
          `logical ${formatBytes(s.logical_bytes)}, stored ${formatBytes(s.stored_bytes)}, dedup ${s.dedup_ratio}x\n`,
      );
    }
    return 0;
  },
};
