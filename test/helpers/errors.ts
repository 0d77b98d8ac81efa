import { AuxinError } from '../../src-shared/errors.js';

/** The AuxinError code a promise rejects with, or 'no error' (a different failure is named). */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof AuxinError ? e.code : `not an AuxinError: ${String(e)}`;
  }
  return 'no error';
}
