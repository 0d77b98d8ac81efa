import * as os from 'node:os';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AuxinError } from '../../src-shared/errors.js';
import { Store } from '../store/index.js';

/**
 * Parse a sub-command's options; a mistake is one clear line, not a stack trace. With
 * `maxPositionals`, a word beyond them is refused rather than dropped: `auxin commit -m fix
 * the bug` must not commit "fix".
 */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
  usage: string,
  maxPositionals = Infinity,
) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', `${(e as Error).message}\nusage: auxin ${usage}`);
  }
  const extra = parsed.positionals[maxPositionals];
  if (extra !== undefined) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `unexpected argument '${extra}'\nusage: auxin ${usage}`,
    );
  }
  return parsed;
}

/** The store for the current folder, found the way git finds .git. */
export function storeHere(): Store {
  return Store.discover(process.cwd()).store;
}

export function shortId(id: string | null): string {
  return id ? id.slice(0, 12) : '(none)';
}

export function defaultAuthor(): string {
  const env = process.env.AUXIN_AUTHOR || process.env.USER || process.env.USERNAME;
  if (env) return env;
  // Services and containers often run without USER; the account name is still known.
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A path for text output: JSON-quoted (spaces, quotes, control characters stay visible),
 * labelled with its Unicode form when a look-alike differing only in normalisation is listed. */
export function showPath(path: string, labels: Map<string, string>): string {
  const label = labels.get(path);
  return label ? `${JSON.stringify(path)} [${label}]` : JSON.stringify(path);
}
