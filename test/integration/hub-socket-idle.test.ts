/**
 * A connection on which nothing moves mid-request is closed after the idle limit: an upload that
 * stopped sending (it keeps the chunks it verified, as a cut does) and a download nobody reads.
 * Live streams stay open: their heartbeats come often enough not to look idle.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/hub/logging.js';
import { PACK_CONTENT_TYPE } from '../../src-main/sync/pack.js';
import { blake3Hex } from '../../src-main/store/hash.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';
import { openSse } from './helpers/sse.js';
import { packOf } from './helpers/sync.js';

// Long enough that a quick request on a loaded machine is never idle this long.
const IDLE_MS = 1000;
const lines: string[] = [];
let t: TestHub;
let port: number;
beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  // A heartbeat far longer than the idle limit: the hub must shorten it.
  t = await startHub({ logger, socketIdleTimeoutMs: IDLE_MS, heartbeatMs: 60_000 });
  port = Number(new URL(t.url).port);
  // Set up without HTTP: a repository's creation fsyncs, which on a loaded machine can take
  // longer than this hub's short idle limit.
  for (const name of ['Idle', 'Dl']) await t.hub.context.repos.create('studio', name, 'admin');
});
afterAll(async () => {
  await t.stop();
});

const loggedFor = (p: string) =>
  lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.path === p);

async function waitFor(pred: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Send `head` and `body`, then nothing; resolves with the ms until the hub closed the socket. */
function sendThenStall(head: string, body: Buffer, opts: { read: boolean }): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    const started = Date.now();
    const limit = setTimeout(() => {
      s.destroy();
      reject(new Error('the hub kept the idle connection open'));
    }, 10_000);
    s.on('connect', () => {
      s.write(head);
      s.write(body);
      if (!opts.read) s.pause();
    });
    s.on('data', () => {});
    s.on('error', () => {});
    s.on('close', () => {
      clearTimeout(limit);
      resolve(Date.now() - started);
    });
  });
}

describe('connections with nothing moving', () => {
  it('closes an upload that stopped sending, keeping the chunks it verified', async () => {
    const whole = randomBytes(300 * 1024);
    const partial = randomBytes(300 * 1024);
    const pack = await packOf([
      { kind: 'chunk', id: blake3Hex(whole), bytes: whole },
      { kind: 'chunk', id: blake3Hex(partial), bytes: partial },
    ]);
    const p = '/api/repos/studio/Idle/sync/packs';
    const head =
      `POST ${p} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
      `Content-Type: ${PACK_CONTENT_TYPE}\r\nContent-Length: ${pack.length}\r\n\r\n`;
    // Everything but the last 100 KiB: the first chunk whole, the second cut.
    const ms = await sendThenStall(head, pack.subarray(0, pack.length - 100 * 1024), {
      read: true,
    });
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(ms).toBeLessThan(5_000);
    // The hub seals what it verified after the socket has gone: ask until it has.
    const missing = async () => {
      const res = await t.req('/api/repos/studio/Idle/sync/chunks/missing', {
        method: 'POST',
        json: { ids: [blake3Hex(whole), blake3Hex(partial)] },
      });
      return ((await res.json()) as { missing: string[] }).missing;
    };
    let left = await missing();
    for (let i = 0; i < 50 && left.length > 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = await missing();
    }
    expect(left).toEqual([blake3Hex(partial)]);
    await waitFor(() => loggedFor(p).length > 0, 5_000);
    expect(loggedFor(p)[0]).toMatchObject({ status: 499 });
    // Nothing half-written is left behind.
    const tmp = path.join(t.dataDir, 'studio', 'Idle', 'tmp');
    expect(fs.existsSync(tmp) ? fs.readdirSync(tmp) : []).toEqual([]);
  });

  it('closes a download nobody reads', async () => {
    // A repository of its own, seeded before the hub first opens its store.
    const repo = path.join(t.dataDir, 'studio', 'Dl');
    await seedRepo(repo, [{ message: 'take', files: { 'take.wav': randomBytes(16 << 20) } }]);
    const p = '/api/repos/studio/Dl/commits/main/file';
    const head =
      `GET ${p}?path=take.wav HTTP/1.1\r\nHost: x\r\n` +
      `Authorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`;
    // A paused socket never sees the hub's close; the hub's log line says when it gave up.
    void sendThenStall(head, Buffer.alloc(0), { read: false }).catch(() => {});
    const started = Date.now();
    await waitFor(() => loggedFor(p).length > 0, 8_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 50);
    expect(loggedFor(p)[0]!.bytes_out as number).toBeLessThan(16 << 20);
  });

  it('keeps a live stream open across several idle limits', async () => {
    const sse = await openSse(`${t.url}/api/events`, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(sse.status).toBe(200);
    await new Promise((r) => setTimeout(r, IDLE_MS * 3));
    let ended = false;
    void sse.reader.closed.then(() => (ended = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).toBe(false);
    expect(sse.reader.raw).toContain(': ping');
    sse.reader.abort();
  });
});
