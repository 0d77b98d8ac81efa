import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { formatBytes } from '../progress.js';

const usage = usageOf('gc');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { grace: { type: 'string' } }, usage);
  const graceMs = values.grace !== undefined ? Number(values.grace) * 1000 : undefined;
  const r = await storeHere().gc({ graceMs });
  process.stdout.write(
    `removed ${r.removed.chunks} chunks, ${r.removed.trees} trees, ${r.removed.commits} commits ` +
      `(${formatBytes(r.removed.bytes)}); kept ${r.kept.chunks} chunks\n`,
  );
  return 0;
}
