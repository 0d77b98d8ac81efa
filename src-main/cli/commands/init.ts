import { usageOf } from './index.js';
import { parse } from '../args.js';
import { existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { AuxinError } from '../../../src-shared/errors.js';
import { isBundleName, orphanAdvice, Store } from '../../store/index.js';

const usage = usageOf('init');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { bare: { type: 'boolean' } }, usage, 1);
  const dir = positionals[0] ?? process.cwd();
  // A typo in the path (`/Users/ana/Musci/Song.logicx`) would otherwise make the folders, an
  // empty bundle among them, and version nothing. A new plain folder in an existing one is still
  // made, as `git init NEW` does.
  const abs = resolve(dir);
  if (!values.bare && !existsSync(abs)) {
    const parentMissing = !existsSync(dirname(abs));
    if (parentMissing || isBundleName(basename(abs))) {
      throw new AuxinError(
        'NOT_FOUND',
        `no ${parentMissing ? 'folder' : 'Logic bundle'} ${parentMissing ? dirname(abs) : abs}: ` +
          'check the path (auxin init versions an existing folder or Logic bundle; nothing was made)',
        { path: abs },
      );
    }
  }
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
