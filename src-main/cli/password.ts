/** A password for `auxin login --user`: read from stdin, never from the command line (`ps`). */
import type { Readable, Writable } from 'node:stream';
import { AuxinError } from '../../src-shared/errors.js';

/** What a terminal's stdin offers beyond a stream (a pipe has neither). */
export type PasswordInput = Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };

const ENTER = new Set(['\r', '\n']);
const ERASE = new Set(['\u007f', '\b']);
const CANCEL = new Set(['\u0003', '\u0004']); // Ctrl-C, Ctrl-D

/**
 * On a terminal: a prompt on `output` (stderr, so `--json` output stays clean) and no echo, so
 * the password is neither silent-waiting nor shown. From a pipe or file: its first line, as is.
 */
export async function readPassword(
  input: PasswordInput,
  output: Writable,
  who: string,
): Promise<string> {
  if (!input.isTTY || !input.setRawMode) return firstLine(input);
  output.write(`password for ${who}: `);
  input.setRawMode(true);
  try {
    // Listening, not async iteration: leaving a for-await destroys stdin, and raw mode must be
    // switched off on a live terminal.
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: Buffer | string) => {
        for (const ch of chunk.toString()) {
          if (ENTER.has(ch)) return done(() => resolve(typed));
          if (CANCEL.has(ch))
            return done(() => reject(new AuxinError('INVALID_ARGUMENT', 'sign-in cancelled')));
          if (ERASE.has(ch)) typed = [...typed].slice(0, -1).join('');
          else typed += ch;
        }
      };
      const onEnd = () => done(() => resolve(typed));
      const done = (settle: () => void) => {
        input.off('data', onData);
        input.off('end', onEnd);
        settle();
      };
      input.on('data', onData);
      input.on('end', onEnd);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
    output.write('\n');
  }
}

async function firstLine(input: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    chunks.push(Buffer.from(chunk));
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}
