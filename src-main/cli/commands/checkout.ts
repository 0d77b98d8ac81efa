import type { Command } from '../command.js';
import { parse, shortId, storeHere } from '../args.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { createProgress, type Progress } from '../progress.js';

export const checkoutCommand: Command = {
  name: 'checkout',
  usage: 'checkout REV|BRANCH [--force]',
  summary: 'restore the working folder to a version (refuses to lose changes without --force)',
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { force: { type: 'boolean', short: 'f' } },
      this.usage,
    );
    if (positionals.length !== 1)
      throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${this.usage}`);
    let bar: Progress | null = null;
    const r = await storeHere().checkout(positionals[0]!, {
      force: values.force ?? false,
      onTotal: (n) => {
        bar = createProgress('checkout', n);
      },
      onBytes: (n) => bar?.tick(n),
    });
    (bar as Progress | null)?.done();
    process.stdout.write(
      `${r.branch ? `on branch ${r.branch}` : 'detached'} at ${shortId(r.commit)} ` +
        `(${r.written} written, ${r.removed} removed)\n`,
    );
    return 0;
  },
};
