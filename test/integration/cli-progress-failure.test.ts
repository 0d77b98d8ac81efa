/**
 * On a terminal, a push, pull or clone that fails half-way must end its progress bar's line
 * before the error is printed, not glue the error onto the bar. Run under `script` for a real
 * terminal, against a small fake hub that lets the transfer start and then refuses.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src-main/store/canonical.js';
import { blake3Hex } from '../../src-main/store/hash.js';
import { tempDir } from '../helpers/tmp.js';
import { CLI, ok } from '../helpers/cli.js';

const COMMIT = 'c'.repeat(64);
const GOOD = Buffer.alloc(64 * 1024, 7);
const GOOD_ID = blake3Hex(GOOD);
const BAD_ID = 'e'.repeat(64); // its bytes will not hash to it

function record(type: number, id: string, bytes: Buffer): Buffer {
  const head = Buffer.alloc(37);
  head[0] = type;
  Buffer.from(id, 'hex').copy(head, 1);
  head.writeUInt32BE(bytes.length, 33);
  return Buffer.concat([head, bytes]);
}

function pack(...records: Buffer[]): Buffer {
  return Buffer.concat([Buffer.from('AXPK1'), ...records, Buffer.from([0])]);
}

const tree = {
  entries: [
    {
      path: 'take.wav',
      kind: 'file',
      mode: 0o644,
      size: 2 * GOOD.length,
      content_id: 'f'.repeat(64),
      chunks: [
        { id: GOOD_ID, size: GOOD.length },
        { id: BAD_ID, size: GOOD.length },
      ],
    },
  ],
};

// A valid tree, so the client gets as far as the chunks before the hub lets it down.
const TREE_BYTES = canonicalBytes(tree);
const TREE = blake3Hex(TREE_BYTES);

/** Answers enough of the protocol for a transfer to start, then fails it. */
function fakeHub(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  const json = (status: number, value: unknown): void =>
    void res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  const url = req.url!;
  if (url.includes('/sync/refs')) {
    const push = url.includes('op=push');
    return json(200, { branches: push ? [] : [{ name: 'main', commit_id: COMMIT }], features: [] });
  }
  if (url.includes('/missing')) return json(200, { missing: JSON.parse(body.toString()).ids });
  if (url.includes('/sync/packs'))
    return json(403, { error: 'uploads are off', code: 'FORBIDDEN' });
  if (url.includes('/sync/history')) {
    return json(200, { commits: [{ id: COMMIT, tree_id: TREE, parent_ids: [] }] });
  }
  if (url.includes('/sync/fetch')) {
    const kind = JSON.parse(body.toString()).kind as string;
    res.writeHead(200, { 'content-type': 'application/x-auxin-pack' });
    if (kind === 'tree') return void res.end(pack(record(2, TREE, TREE_BYTES)));
    return void res.end(pack(record(1, GOOD_ID, GOOD), record(1, BAD_ID, GOOD)));
  }
  json(404, { error: 'no such route', code: 'NOT_FOUND' });
}

/** Run the CLI on a pseudo-terminal; everything it printed, both streams. */
function onTerminal(args: string[], cwd: string, home: string): Promise<string> {
  const quoted = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, AUXIN_TOKEN: 'progress-token', HOME: home };
    delete env.CI;
    const child = spawn('script', ['-qec', quoted.join(' '), '/dev/null'], { cwd, env });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** The error line must start a line of its own, after a bar that was drawn. */
function expectBarThenError(out: string, label: string): void {
  expect(out).toContain(`${label} `);
  const at = out.indexOf('auxin: ');
  expect(at, out).toBeGreaterThan(0);
  expect(out[at - 1], JSON.stringify(out)).toBe('\n');
}

describe('a transfer that fails half-way on a terminal', () => {
  let work = '';
  let server: http.Server;
  let url = '';
  beforeAll(async () => {
    work = tempDir('auxin-progress-').dir;
    server = http.createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (b: Buffer) => parts.push(b));
      req.on('end', () => fakeHub(req, Buffer.concat(parts), res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('push, pull and clone end the bar before the error', async () => {
    const home = path.join(work, 'home');
    const dir = path.join(work, 'Song');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'take.wav'), Buffer.alloc(1024 * 1024, 3));
    const run = { cwd: dir, home, token: 'progress-token' };
    await ok(['init'], run);
    await ok(['commit', '-m', 'v1'], run);
    await ok(['remote', 'add', 'origin', `${url}/studio/Song`], run);

    expectBarThenError(await onTerminal(['push'], dir, home), 'push main');
    expectBarThenError(await onTerminal(['pull'], dir, home), 'pull main');
    const copy = path.join(work, 'Copy');
    expectBarThenError(
      await onTerminal(['clone', `${url}/studio/Song`, copy], work, home),
      'clone',
    );
  });
});
