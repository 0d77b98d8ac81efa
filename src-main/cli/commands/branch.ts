import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { AuxinError } from '../../../src-shared/errors.js';

const usage = usageOf('branch');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { delete: { type: 'string', short: 'd' } }, usage, 2);
  const store = storeHere();
  if (values.delete) {
    const at = store.readRef(values.delete);
    if (at === null) throw new AuxinError('NOT_FOUND', `no branch ${values.delete}`);
    await store.deleteBranch(values.delete, at);
    process.stdout.write(`deleted branch ${values.delete}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    const current = store.head().branch;
    const lines = store
      .listBranches()
      .map((b) => `${b.name === current ? '*' : ' '} ${b.name} ${b.commit_id.slice(0, 12)}`);
    if (current && !lines.some((l) => l.startsWith('*')))
      lines.push(`* ${current} (no commits yet)`);
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  }
  const name = positionals[0]!;
  const at = await store.resolve(positionals[1] ?? 'HEAD').catch((e: unknown) => {
    throw e instanceof AuxinError && !positionals[1]
      ? new AuxinError('UNKNOWN_REVISION', 'no commits yet: commit before creating a branch')
      : e;
  });
  if (store.readRef(name) !== null)
    throw new AuxinError('ALREADY_EXISTS', `branch ${name} already exists`);
  await store.casRef(name, null, at);
  process.stdout.write(`created branch ${name} at ${at.slice(0, 12)}\n`);
  return 0;
}
