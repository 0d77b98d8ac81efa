/**
 * A server that answers 200 and then sends a byte now and then never trips an idle timer: the
 * client must still give up (minimum pace for streams, total deadline for JSON answers) and say
 * so in one line, not hang. Short timings through the environment keep this test quick.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { auxin } from '../helpers/cli.js';

const ID = 'a'.repeat(64);
const TREE = 'b'.repeat(64);

type Answer = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Sends `head`, then `piece` every `everyMs` after a 200, forever (until the client goes). */
function trickle(piece: string, everyMs: number, head: Buffer = Buffer.alloc(0)): Answer {
  return (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(head);
    const t = setInterval(() => res.write(piece), everyMs);
    res.on('close', () => clearInterval(t));
  };
}

function json(value: unknown): Answer {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(value));
  };
}

function packHead(): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(1_000_000);
  return Buffer.concat([Buffer.from('AXPK1'), Buffer.from([2]), Buffer.from(TREE, 'hex'), length]);
}

describe('a server that trickles bytes', () => {
  let work = '';
  let server: http.Server;
  let url = '';
  let routes: Record<string, Answer> = {};
  beforeAll(async () => {
    work = tempDir('auxin-trickle-').dir;
    server = http.createServer((req, res) => {
      req.resume();
      const key = Object.keys(routes).find((k) => req.url!.includes(k));
      if (key) routes[key]!(req, res);
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => server.closeAllConnections());
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(work, { recursive: true, force: true });
  });

  const env = {
    AUXIN_SYNC_PROGRESS_WINDOW_MS: '2000',
    AUXIN_SYNC_REQUEST_MS: '3000',
    AUXIN_SYNC_RETRY_WINDOW_MS: '2000',
  };

  async function timedClone(dir: string) {
    const started = Date.now();
    const r = await auxin(['clone', `${url}/studio/drip`, path.join(work, dir)], {
      cwd: work,
      home: path.join(work, 'home'),
      token: 'trickle-token',
      env,
      timeoutMs: 20_000,
    });
    return { ...r, seconds: (Date.now() - started) / 1000 };
  }

  it('a pack download at a byte a second is given up', async () => {
    routes = {
      '/sync/refs': json({ branches: [{ name: 'main', commit_id: ID }], features: [] }),
      '/sync/history': json({ commits: [{ id: ID, tree_id: TREE, parent_ids: [] }] }),
      // A well-formed start: a pack holding one tree record of 1 MB, whose bytes then crawl.
      '/sync/fetch': trickle(' ', 1000, packHead()),
    };
    const r = await timedClone('Pack');
    expect(r.stderr).toMatch(
      /^auxin: cannot reach the hub .*under 16384 bytes in 2 s.*\(REMOTE_UNREACHABLE\)\n$/,
    );
    expect(r.code).toBe(2);
    expect(r.seconds).toBeLessThan(10);
  });

  it('a JSON answer that never ends is given up', async () => {
    // 20 KiB/s: fast enough for the pace rule, but the answer never completes.
    routes = { '/sync/refs': trickle(' '.repeat(2048), 100) };
    const r = await timedClone('Json');
    expect(r.stderr).toMatch(
      /^auxin: cannot reach the hub .*no complete answer in 3 s.*\(REMOTE_UNREACHABLE\)\n$/,
    );
    expect(r.code).toBe(2);
    expect(r.seconds).toBeLessThan(10);
  });
});
