import { AuxinError } from '../../../src-shared/errors.js';
import { describeMetadata } from '../../logic/describe.js';
import { readBundle } from '../../logic/reader.js';
import { printJson } from '../output.js';

export async function run(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const rest = argv.filter((a) => a !== '--json');
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown) throw new AuxinError('INVALID_ARGUMENT', `meta: unknown option ${unknown}`);
  if (rest.length !== 1)
    throw new AuxinError('INVALID_ARGUMENT', 'usage: auxin meta PATH [--json]');
  const m = await readBundle(rest[0]!);
  if (json) printJson(m);
  else process.stdout.write(describeMetadata(m));
  return 0;
}
