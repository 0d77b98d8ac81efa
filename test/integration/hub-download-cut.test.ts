/**
 * A download the client cancels (a browser's audio preview that seeks or closes, `curl` killed)
 * is not a bug: the hub logs its request line and no "unhandled error". Each one logged one or
 * two error-level stack traces, so a studio's hub filled its log with false alarms.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { noise } from '../helpers/tmp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/hub/logging.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

const lines: string[] = [];
let t: TestHub;
let port = 0;
beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  t = await startHub({ logger });
  port = Number(new URL(t.url).port);
  expect((await t.req('/api/repos/studio/Cut', { method: 'POST', json: {} })).status).toBe(201);
  await seedRepo(path.join(t.dataDir, 'studio', 'Cut'), [
    { message: 'v1', files: { 'take.wav': noise(16 * 1024 * 1024, 7) } },
  ]);
});
afterAll(async () => {
  await t.stop();
});

/** Start a download, read some of it, then leave (politely, or with a reset). */
function cutDownload(range: string, reset: boolean): Promise<void> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = 0;
    s.on('error', () => undefined);
    s.on('close', () => resolve());
    s.on('data', (b: Buffer) => {
      got += b.length;
      if (got < 64 * 1024) return;
      if (reset) s.resetAndDestroy();
      else s.destroy();
    });
    s.write(
      `GET /api/repos/studio/Cut/commits/main/file?path=take.wav HTTP/1.1\r\nHost: x\r\n` +
        `${range}Authorization: Bearer ${ADMIN_TOKEN}\r\n\r\n`,
    );
  });
}

describe('a download the client cancels', () => {
  it('logs its request line and no unhandled error', async () => {
    for (let i = 0; i < 8; i++) {
      await cutDownload(i % 2 ? `Range: bytes=${i * 1000}-\r\n` : '', i % 4 < 2);
    }
    const deadline = Date.now() + 5_000;
    const requests = () =>
      lines.filter(
        (l) => l.includes('"msg":"request"') && l.includes('"path":"/api/repos/studio/Cut/commits'),
      );
    while (requests().length < 8 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(requests()).toHaveLength(8);
    expect(lines.filter((l) => l.includes('unhandled error'))).toEqual([]);
    // The hub still answers whole downloads.
    const whole = await t.req('/api/repos/studio/Cut/commits/main/file?path=take.wav');
    expect(whole.status).toBe(200);
    expect((await whole.arrayBuffer()).byteLength).toBe(16 * 1024 * 1024);
  });
});
