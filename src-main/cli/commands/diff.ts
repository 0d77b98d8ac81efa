import type { Command } from '../command.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';
import { AuxinError } from '../../../src-shared/errors.js';

export const diffCommand: Command = {
  name: 'diff',
  usage: 'diff REV1 REV2 [--json]',
  summary: 'files added, removed and changed between two versions',
  async run(argv) {
    const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, this.usage);
    if (positionals.length !== 2)
      throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${this.usage}`);
    const d = await storeHere().diff(positionals[0]!, positionals[1]!);
    if (values.json) {
      printJson(d);
      return 0;
    }
    const out: string[] = [];
    for (const e of d.added)
      out.push(`A ${JSON.stringify(e.path)} ${e.kind === 'file' ? formatBytes(e.size) : e.kind}`);
    for (const e of d.removed)
      out.push(`D ${JSON.stringify(e.path)} ${e.kind === 'file' ? formatBytes(e.size) : e.kind}`);
    for (const e of d.changed) {
      out.push(
        `M ${JSON.stringify(e.path)} ${formatBytes(e.old_size)} -> ${formatBytes(e.new_size)}`,
      );
    }
    if (out.length === 0) out.push('no differences');
    process.stdout.write(out.join('\n') + '\n');
    return 0;
  },
};
