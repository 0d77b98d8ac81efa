import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Transport } from '../../src-main/client/transport.js';
import { syncRoutes } from '../../src-shared/api/sync.js';

// A hub whose refs answer and whose every other request is 503 (retryable), counting the latter.
let server: http.Server;
let baseUrl = '';
let failures = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.includes('/sync/refs')) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ branches: [], features: [] }));
      return;
    }
    failures++;
    res.writeHead(503).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const refs = { params: { ns: 'a', name: 'b' }, query: { op: 'push' as const } };

/** An upload-like unit: asks the hub something (which answers), then fails. */
async function unitThatFails(t: Transport, nested: boolean): Promise<number> {
  failures = 0;
  await expect(
    t.retrying('upload', async () => {
      await t.call(syncRoutes.refs, refs, { nested });
      await t.exchange('POST', '/api/repos/a/b/sync/packs', null, async () => undefined);
    }),
  ).rejects.toThrow();
  return failures;
}

describe('Transport retry window', () => {
  it('a question answered inside a failing attempt does not reopen the window', async () => {
    const opts = { baseUrl, retryWindowMs: 1500, maxAttempts: 5, requestMs: 2000 };
    // Attempts at 0, 0.25 and 0.75 s; the next wait (1 s) would end past the 1.5 s window.
    const nested = new Transport(opts);
    expect(await unitThatFails(nested, true)).toBe(3);
    nested.close();
    // Counted as a unit of its own, each answer would say the hub is back and reopen the window:
    // a fourth attempt at 1.75 s (only the 2 s wait after it is longer than the window).
    const outer = new Transport(opts);
    expect(await unitThatFails(outer, false)).toBe(4);
    outer.close();
  }, 60_000);
});
