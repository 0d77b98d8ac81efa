/**
 * Bundle names and plist strings come from whoever made the project: `auxin meta` and
 * `auxin watch` print them for a terminal, so control and invisible characters are shown
 * escaped, never sent raw (an escape sequence could rewrite the screen or the window title).
 */
import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auxin, CLI } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle } from '../helpers/logic-save.js';

const EVIL = 'Evil\u001b]0;pwned\u0007\u202eSong.logicx';
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/; // eslint-disable-line no-control-regex

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.skipIf(process.platform === 'win32')('hostile bundle names on the terminal', () => {
  it('auxin meta shows them escaped', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-names-'));
    const song = await copyBundle(mitBundle('F0_baseline'), dir, EVIL);
    const r = await auxin(['meta', song], { timeoutMs: 10_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Evil\\u{1b}]0;pwned\\u{7}\\u{202e}Song');
  });

  it('auxin watch shows them escaped', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-names-'));
    await copyBundle(mitBundle('F0_baseline'), dir, EVIL);
    const child = spawn(process.execPath, [CLI, 'watch', dir, '--quiet-ms', '100'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + 8_000;
      while (!out.includes('\n') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      child.kill('SIGKILL');
    }
    expect(out).toContain('added');
    expect(out).not.toMatch(RAW);
    expect(out).toContain('\\u{1b}');
  }, 20_000);
});
