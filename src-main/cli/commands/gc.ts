import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { formatBytes } from '../progress.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { plural } from '../music.js';

const usage = usageOf('gc');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { grace: { type: 'string' } }, usage, 0);
  const graceMs = values.grace !== undefined ? Number(values.grace) * 1000 : undefined;
  // A typo must never become "no grace": a bare store's grace protects pushes in flight.
  if (graceMs !== undefined && !(Number.isFinite(graceMs) && graceMs >= 0)) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `--grace takes seconds (0 or more), not '${values.grace}'`,
    );
  }
  const r = await storeHere().gc({ graceMs });
  process.stdout.write(
    `removed ${plural(r.removed.chunks, 'chunk')}, ${plural(r.removed.trees, 'tree')}, ` +
      `${plural(r.removed.commits, 'commit')} (${formatBytes(r.removed.bytes)}); ` +
      `kept ${plural(r.kept.chunks, 'chunk')}\n`,
  );
  return 0;
}
