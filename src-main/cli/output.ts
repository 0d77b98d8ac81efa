import { isAuxinError } from '../../src-shared/errors.js';

/** Print a failure as one clear line and return the exit code to use. */
export function reportError(e: unknown): number {
  if (isAuxinError(e)) {
    process.stderr.write(`auxin: ${e.message} (${e.code})\n`);
    return e.status >= 500 ? 2 : 1;
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && err.message) {
    process.stderr.write(`auxin: ${err.message}\n`);
    return 1;
  }
  process.stderr.write(`auxin: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
  return 2;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
