/**
 * A live-stream client that stops reading (a hung tab, a suspended process) is dropped, as
 * documented: its connection is cut, so it holds no socket, no buffers and none of its user's
 * 16 streams. Ending the stream politely instead waited for that client to read, which it never
 * did: the user was shut out of the live stream for good once 16 such clients had stalled.
 */
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/hub/logging.js';
import { MAX_STREAMS_PER_USER } from '../../src-main/hub/sse.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';

const lines: string[] = [];
let t: TestHub;
let port = 0;
const sockets: net.Socket[] = [];
beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  t = await startHub({ logger });
  port = Number(new URL(t.url).port);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await t.stop();
});

/** A live stream whose client reads the answer's head, then nothing more. */
function stalledStream(): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    sockets.push(s);
    let head = '';
    s.on('error', () => undefined);
    s.on('data', (b: Buffer) => {
      head += b.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      if (!head.startsWith('HTTP/1.1 200')) reject(new Error(head));
      s.pause();
      s.removeAllListeners('data');
      resolve(s);
    });
    s.write(`GET /api/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`);
  });
}

async function openStatus(): Promise<number> {
  const ctrl = new AbortController();
  const res = await fetch(`${t.url}/api/events`, {
    headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    signal: ctrl.signal,
  });
  ctrl.abort();
  return res.status;
}

describe('live-stream clients that stop reading', () => {
  it('are cut once far behind, freeing their streams for the same user', async () => {
    for (let i = 0; i < MAX_STREAMS_PER_USER; i++) await stalledStream();
    expect(await openStatus()).toBe(429);
    // More than a socket's kernel buffers (4 MiB here) plus the hub's 1 MiB per stream.
    const blob = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 12; i++) {
      t.hub.context.events.publish({ type: 'test.big', data: { id: `big${i}`, blob } });
      await new Promise((r) => setTimeout(r, 20));
    }
    const deadline = Date.now() + 5_000;
    let status = 429;
    while (status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      status = await openStatus();
    }
    expect(status).toBe(200);
    expect(lines.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });
});
