import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { AuxinError } from '../../../src-shared/errors.js';

const usage = usageOf('log');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { json: { type: 'boolean' }, n: { type: 'string', short: 'n' } },
    usage,
    1,
  );
  const limit = values.n === undefined ? Infinity : Number(values.n);
  if (limit !== Infinity && !(Number.isInteger(limit) && limit >= 0)) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `-n takes a whole number of versions, not '${values.n}'`,
    );
  }
  const store = storeHere();
  const start = positionals[0] ? await store.resolve(positionals[0]) : store.head().commit;
  const commits = await store.log(start, limit);
  if (values.json) {
    printJson(
      commits.map((c) => ({
        id: c.id,
        parent_ids: c.parent_ids,
        tree_id: c.tree_id,
        message: c.message,
        author: c.author,
        timestamp: c.timestamp,
        metadata: c.metadata,
      })),
    );
    return 0;
  }
  const out: string[] = [];
  for (const c of commits) {
    out.push(
      `commit ${c.id}`,
      `Author: ${c.author}`,
      `Date:   ${c.timestamp}`,
      '',
      ...c.message.split('\n').map((l) => `    ${l}`),
      '',
    );
  }
  process.stdout.write(out.join('\n'));
  return 0;
}
