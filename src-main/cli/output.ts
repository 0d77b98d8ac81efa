import { isAuxinError } from '../../src-shared/errors.js';
import { systemErrorInfo } from '../core/errno.js';

/**
 * Print a failure as one clear line and return the exit code to use. With `json` (the command
 * was given --json) the failure also goes to stdout as one object `{error, code, ...details}`,
 * so a script reading stdout learns what went wrong without parsing the human line.
 */
export function reportError(e: unknown, opts: { json?: boolean } = {}): number {
  const { line, body, exit } = describe(e);
  process.stderr.write(`auxin: ${line}\n`);
  if (opts.json) printJson(body);
  return exit;
}

function describe(e: unknown): { line: string; body: Record<string, unknown>; exit: number } {
  if (isAuxinError(e)) {
    return { line: `${e.message} (${e.code})`, body: e.toBody(), exit: e.status >= 500 ? 2 : 1 };
  }
  // This machine's disk or files: the hub's own full disk comes back as an AuxinError above.
  const sys = systemErrorInfo(e);
  if (sys) {
    return {
      line: `${sys.message} (${sys.code})`,
      body: { error: sys.message, code: sys.code },
      exit: 1,
    };
  }
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && err.message) {
    return { line: err.message, body: { error: err.message, code: err.code }, exit: 1 };
  }
  return {
    line: `unexpected error: ${(e as Error)?.stack ?? String(e)}`,
    body: { error: `unexpected error: ${(e as Error)?.message ?? String(e)}`, code: 'INTERNAL' },
    exit: 2,
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
