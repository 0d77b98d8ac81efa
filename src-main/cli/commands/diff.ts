import { usageOf } from './index.js';
import { parse, showPath, storeHere } from '../args.js';
import { normalisationLabels } from '../../store/index.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';
import { AuxinError } from '../../../src-shared/errors.js';

const usage = usageOf('diff');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, usage);
  if (positionals.length !== 2) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const d = await storeHere().diff(positionals[0]!, positionals[1]!);
  if (values.json) {
    printJson(d);
    return 0;
  }
  const out: string[] = [];
  const labels = normalisationLabels([...d.added, ...d.removed, ...d.changed].map((e) => e.path));
  for (const e of d.added)
    out.push(`A ${showPath(e.path, labels)} ${e.kind === 'file' ? formatBytes(e.size) : e.kind}`);
  for (const e of d.removed)
    out.push(`D ${showPath(e.path, labels)} ${e.kind === 'file' ? formatBytes(e.size) : e.kind}`);
  for (const e of d.changed) {
    out.push(
      `M ${showPath(e.path, labels)} ${formatBytes(e.old_size)} -> ${formatBytes(e.new_size)}`,
    );
  }
  if (out.length === 0) out.push('no differences');
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
