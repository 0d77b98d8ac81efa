/**
 * State files (users.json, repos.json, lock-waiters.json, remotes.json, credentials.json) are read
 * through a versioned schema, never by a cast: a file damaged by hand or by a crash of some
 * other tool is told as such, naming the file, instead of failing later on a missing field.
 */
import * as fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { AuxinError, type ErrorCode } from '../../src-shared/errors.js';

/** The current format of every state file; a file without `version` is a format-1 file. */
export const STATE_VERSION = 1;

/** `text` parsed with `schema`, or why it cannot be: not JSON, or which field is wrong. */
export function parseState<S extends z.ZodType>(
  schema: S,
  text: string,
): { ok: true; value: z.output<S> } | { ok: false; problem: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not JSON' };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `${where}${issue?.message ?? 'unexpected content'}` };
}

function damaged(file: string, problem: string, code: ErrorCode): AuxinError {
  return new AuxinError(code, `${file} is damaged (${problem}): repair or remove it`, { file });
}

/** The file's content checked by `schema`; null when there is no file. */
export function readStateFileSync<S extends z.ZodType>(
  file: string,
  schema: S,
  code: ErrorCode = 'CORRUPT_OBJECT',
): z.output<S> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const r = parseState(schema, text);
  if (!r.ok) throw damaged(file, r.problem, code);
  return r.value;
}

/** As readStateFileSync; `flag` lets a reader open without blocking (a FIFO in a library). */
export async function readStateFile<S extends z.ZodType>(
  file: string,
  schema: S,
  opts: { code?: ErrorCode; flag?: number } = {},
): Promise<z.output<S> | null> {
  let text: string;
  try {
    text = await readFile(file, { encoding: 'utf8', flag: opts.flag });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const r = parseState(schema, text);
  if (!r.ok) throw damaged(file, r.problem, opts.code ?? 'CORRUPT_OBJECT');
  return r.value;
}
