import { usageOf } from './index.js';
import { parse, showPath, storeHere } from '../args.js';
import { normalisationLabels } from '../../store/index.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';
import { AuxinError } from '../../../src-shared/errors.js';
import type { LogicMetadata } from '../../../src-shared/api/metadata.js';
import { musicChange } from '../music.js';

const usage = usageOf('diff');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, usage);
  if (positionals.length !== 2) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const store = storeHere();
  const d = await store.diff(positionals[0]!, positionals[1]!);
  // What changed in the music first, in the words `auxin watch` uses, then the files.
  const [a, b] = await Promise.all(
    positionals.map(async (rev) => (await store.readCommit(await store.resolve(rev))).metadata),
  );
  const music = musicChange(a as Partial<LogicMetadata>, b as Partial<LogicMetadata>);
  if (values.json) {
    printJson({ ...d, metadata_change: music });
    return 0;
  }
  const out: string[] = music ? [`project: ${music}`, ''] : [];
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
