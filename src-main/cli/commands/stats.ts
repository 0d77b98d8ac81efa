import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';
import { plural } from '../music.js';

const usage = usageOf('stats');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, usage, 0);
  const s = await storeHere().stats();
  if (values.json) printJson(s);
  else {
    process.stdout.write(
      `${plural(s.commits, 'version')}, ${plural(s.branches, 'branch', 'branches')}, ${plural(s.chunks, 'chunk')}\n` +
        `logical ${formatBytes(s.logical_bytes)}, stored ${formatBytes(s.stored_bytes)}, dedup ${s.dedup_ratio}x\n`,
    );
  }
  return 0;
}
