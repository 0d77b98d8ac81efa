import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { readPassword, type PasswordInput } from '../../src-main/cli/password.js';

function terminal() {
  const input = new PassThrough() as PassThrough & PasswordInput;
  input.isTTY = true;
  const raw: boolean[] = [];
  input.setRawMode = vi.fn((on: boolean) => raw.push(on));
  let shown = '';
  const output = new PassThrough();
  output.on('data', (d: Buffer) => (shown += d.toString()));
  return { input, output, raw, shown: () => shown };
}

describe('readPassword', () => {
  it('on a terminal: prompts, hides what is typed, honours backspace, stops at Enter', async () => {
    const t = terminal();
    const read = readPassword(t.input, t.output, 'ana');
    t.input.write('sec');
    t.input.write('\u007fcret\rleft over');
    expect(await read).toBe('secret');
    await new Promise((r) => setImmediate(r));
    expect(t.shown()).toBe('password for ana: \n');
    expect(t.raw).toEqual([true, false]);
    expect(t.input.listenerCount('data')).toBe(0);
  });

  it('on a terminal: Ctrl-C cancels with a code, and raw mode is switched off', async () => {
    const t = terminal();
    const read = readPassword(t.input, t.output, 'ana');
    t.input.write('abc\u0003');
    await expect(read).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(t.raw).toEqual([true, false]);
  });

  it('from a pipe: the first line, no prompt', async () => {
    const input = new PassThrough();
    let shown = '';
    const output = new PassThrough();
    output.on('data', (d: Buffer) => (shown += d.toString()));
    const read = readPassword(input, output, 'ana');
    input.end('pa ss\r\nsecond line\n');
    expect(await read).toBe('pa ss');
    expect(shown).toBe('');
  });
});
