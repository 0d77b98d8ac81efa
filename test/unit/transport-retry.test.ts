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

// A hub that answers 429 with Retry-After (its upload slots all taken) `busyFor` times, then 200.
describe('Transport and a busy hub (429 with Retry-After)', () => {
  let busyHub: http.Server;
  let url = '';
  let busyFor = 0;
  let asked = 0;
  beforeAll(async () => {
    busyHub = http.createServer((req, res) => {
      asked++;
      if (asked <= busyFor) {
        res.writeHead(429, { 'Retry-After': '0.1', 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ code: 'TOO_MANY_UPLOADS', message: 'busy' }));
        return;
      }
      res.writeHead(200).end('done');
    });
    await new Promise<void>((r) => busyHub.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(busyHub.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => busyHub.close(() => r())));

  const upload = (t: Transport) =>
    t.retrying('upload', () =>
      t.exchange('POST', '/api/repos/a/b/sync/packs', null, async (status) => status),
    );

  it('waits for a slot as long as it takes, without using up its attempts', async () => {
    busyFor = 12;
    asked = 0;
    // Two attempts for failures; twelve busy answers (about 1.2 s of waiting) are not failures.
    const t = new Transport({ baseUrl: url, maxAttempts: 2, retryWindowMs: 500 });
    expect(await upload(t)).toBe(200);
    expect(asked).toBe(13);
    expect(t.stats.retries).toBe(12);
    t.close();
  }, 30_000);

  it('gives up after its busy window with TOO_MANY_UPLOADS, not "cannot reach the hub"', async () => {
    busyFor = Infinity;
    asked = 0;
    const t = new Transport({ baseUrl: url, busyWindowMs: 800 });
    const err = await upload(t).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOO_MANY_UPLOADS' });
    expect(String((err as Error).message)).toMatch(/other pushes with the same account/);
    expect(asked).toBeGreaterThanOrEqual(3);
    t.close();
  }, 30_000);
});
