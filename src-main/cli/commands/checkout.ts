import { usageOf } from './index.js';
import { parse, shortId, storeHere } from '../args.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { createProgress, type Progress } from '../progress.js';

const usage = usageOf('checkout');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { force: { type: 'boolean', short: 'f' } }, usage);
  if (positionals.length !== 1) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  let bar: Progress | null = null;
  const r = await storeHere().checkout(positionals[0]!, {
    force: values.force ?? false,
    onTotal: (n) => {
      bar = createProgress('checkout', n);
    },
    onBytes: (n) => bar?.tick(n),
  });
  (bar as Progress | null)?.done();
  if (r.leftBehind) {
    const id = shortId(r.leftBehind);
    process.stderr.write(
      `auxin: left version ${id} behind: no branch has it, and auxin gc will remove it ` +
        `(keep it with: auxin branch NAME ${id})\n`,
    );
  }
  process.stdout.write(
    `${r.branch ? `on branch ${r.branch}` : 'detached'} at ${shortId(r.commit)} ` +
      `(${r.written} written, ${r.removed} removed)\n`,
  );
  return 0;
}
