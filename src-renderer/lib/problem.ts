/** What the page shows of a failure: the hub's message and its stable code. */
import { isAuxinError } from '../../src-shared/errors.js';

export interface Problem {
  message: string;
  code: string;
}

export function toProblem(e: unknown): Problem {
  if (isAuxinError(e)) return { message: e.message, code: e.code };
  const err = e as { message?: unknown; code?: unknown } | null;
  if (err && typeof err.code === 'string' && typeof err.message === 'string') {
    return { message: err.message, code: err.code };
  }
  // fetch's own failure: the hub did not answer at all.
  return { message: 'the hub did not answer; is it running?', code: 'REMOTE_UNREACHABLE' };
}

export function problemCode(e: unknown): string {
  return toProblem(e).code;
}
