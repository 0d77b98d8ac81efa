import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { AuxinError } from '../../../src-shared/errors.js';
import type { LogicMetadata } from '../../../src-shared/api/metadata.js';
import { musicChange, musicLine } from '../music.js';

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
    // The tempo, key and meter of each version, and what changed since its (first) parent's.
    const meta = c.metadata as Partial<LogicMetadata> | undefined;
    const parent = c.parent_ids[0];
    const before = parent
      ? ((await store.readCommit(parent).catch(() => null))?.metadata as
          Partial<LogicMetadata> | undefined)
      : undefined;
    const music = musicLine(meta);
    const changed = musicChange(before, meta);
    out.push(
      `commit ${c.id}`,
      `Author: ${c.author}`,
      `Date:   ${new Date(c.timestamp).toLocaleString()}`,
      ...(music ? [`Music:  ${music}`] : []),
      ...(changed ? [`        * changed: ${changed}`] : []),
      '',
      ...c.message.split('\n').map((l) => `    ${l}`),
      '',
    );
  }
  process.stdout.write(out.join('\n'));
  return 0;
}
