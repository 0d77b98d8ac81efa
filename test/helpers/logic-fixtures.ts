import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The MIT fixtures copied into this repository. */
export const mitFixtures = path.join(
  repoRoot,
  'test/fixtures/logicx/jonkubis-LogicProFormatWriter',
);

/**
 * The unlicensed fixtures are not in the repository: they are read from the shared folder next
 * to the checkout (../shared from the main checkout, ../../shared from a worktree under wt/),
 * or from AUXIN_LOGIC_FIXTURES. Undefined when none exists; tests then skip and say why.
 */
export const sharedFixtures: string | undefined = [
  process.env.AUXIN_LOGIC_FIXTURES,
  path.resolve(repoRoot, '../shared/fixtures/logicx'),
  path.resolve(repoRoot, '../../shared/fixtures/logicx'),
].find((p): p is string => !!p && existsSync(path.join(p, 'README.md')));

export function mitBundle(name: string): string {
  return path.join(mitFixtures, `${name}.logicx`);
}
