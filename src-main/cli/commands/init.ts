import { usageOf } from './index.js';
import { parse } from '../args.js';
import { basename, resolve } from 'node:path';
import { isBundleName, orphanAdvice, Store } from '../../store/index.js';

const usage = usageOf('init');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { bare: { type: 'boolean' } }, usage, 1);
  const dir = positionals[0] ?? process.cwd();
  const store = await Store.init(dir, { bare: values.bare ?? false });
  process.stdout.write(`initialised an empty store in ${store.root}\n`);
  const advice = values.bare || !isBundleName(basename(resolve(dir))) ? null : orphanAdvice(dir);
  if (advice) {
    process.stderr.write(
      `auxin: warning: this history starts empty; ${advice} (after removing the empty one just made)\n`,
    );
  }
  return 0;
}
