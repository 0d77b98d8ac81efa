/**
 * A client that goes away in mid-upload (a push killed, a network cut) is logged as one request
 * line with status 499, not as a 404 nobody answered plus an "unhandled error" for each request.
 */
import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/hub/logging.js';
import { PACK_CONTENT_TYPE, PACK_MAGIC, recordHeader } from '../../src-main/sync/pack.js';
import { blake3Hex } from '../../src-main/store/hash.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';

const lines: string[] = [];
let t: TestHub;
beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  t = await startHub({ logger });
  expect((await t.req('/api/repos/studio/Cut', { method: 'POST', json: {} })).status).toBe(201);
});
afterAll(async () => {
  await t.stop();
});

const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('a client that leaves in mid-upload', () => {
  it('is one request line with status 499, and no unhandled error', async () => {
    const chunk = randomBytes(256 * 1024);
    const body = Buffer.concat([PACK_MAGIC, recordHeader('chunk', blake3Hex(chunk), chunk.length)]);
    const path = '/api/repos/studio/Cut/sync/packs';
    const { port } = new URL(t.url);
    await new Promise<void>((resolve, reject) => {
      const s = net.connect(Number(port), '127.0.0.1', () => {
        s.write(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\n` +
            `Content-Type: ${PACK_CONTENT_TYPE}\r\nContent-Length: ${body.length + chunk.length + 1}\r\n\r\n`,
        );
        s.write(body);
        s.write(chunk.subarray(0, 100_000), () => setTimeout(() => s.destroy(), 200));
      });
      s.on('close', () => resolve());
      s.on('error', reject);
    });
    const deadline = Date.now() + 5_000;
    while (!logged().some((l) => l.path === path) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const line = logged().find((l) => l.path === path);
    expect(line).toMatchObject({ msg: 'request', status: 499 });
    expect(logged().filter((l) => (l.level as number) >= 50)).toEqual([]);
    const metrics = await (await t.req('/metrics')).text();
    expect(metrics).toMatch(/http_requests_total\{[^}]*status="499"[^}]*\} 1/);
  });
});
