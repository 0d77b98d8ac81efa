import { usageOf } from './index.js';
import { parse } from '../args.js';
import { Store } from '../../store/index.js';

const usage = usageOf('init');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { bare: { type: 'boolean' } }, usage, 1);
  const store = await Store.init(positionals[0] ?? process.cwd(), { bare: values.bare ?? false });
  process.stdout.write(`initialised an empty store in ${store.root}\n`);
  return 0;
}
