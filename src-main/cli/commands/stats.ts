import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';

const usage = usageOf('stats');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, usage, 0);
  const s = await storeHere().stats();
  if (values.json) printJson(s);
  else {
    process.stdout.write(
      `${s.commits} versions, ${s.branches} branches, ${s.chunks} chunks\n` +
        `logical ${formatBytes(s.logical_bytes)}, stored ${formatBytes(s.stored_bytes)}, dedup ${s.dedup_ratio}x\n`,
    );
  }
  return 0;
}
