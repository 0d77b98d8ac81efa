import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HubClient } from '../../src-main/client/http.js';
import { AuxinError } from '../../src-shared/errors.js';

let server: http.Server | null = null;
afterEach(async () => {
  if (server) await new Promise((r) => server!.close(r));
  server = null;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('HubClient', () => {
  it('sends the bearer token and JSON, and parses JSON answers', async () => {
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({
            auth: req.headers.authorization,
            type: req.headers['content-type'],
            body: JSON.parse(body),
            q: req.url,
          }),
        );
      });
    });
    const c = new HubClient({ baseUrl: `${url}/`, token: 'tok' });
    const r = await c.post<Record<string, unknown>>(
      '/x',
      { a: 1 },
      { query: { n: 2, skip: undefined } },
    );
    expect(r).toEqual({
      auth: 'Bearer tok',
      type: 'application/json',
      body: { a: 1 },
      q: '/x?n=2',
    });
  });

  it('decodes error bodies into AuxinError with code and details', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 409;
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({ error: 'MySong is locked by ana', code: 'LOCK_HELD', holder: 'ana' }),
      );
    });
    const err = await new HubClient({ baseUrl: url }).get('/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuxinError);
    expect(err).toMatchObject({
      code: 'LOCK_HELD',
      status: 409,
      message: 'MySong is locked by ana',
      details: { holder: 'ana' },
    });
  });

  it('maps unknown codes and non-JSON bodies by status', async () => {
    const url = await serve((_req, res) => {
      res.statusCode = 404;
      res.end('<html>nope</html>');
    });
    const err = await new HubClient({ baseUrl: url }).get('/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('retries idempotent requests on 503 and not POSTs unless told', async () => {
    let hits = 0;
    const url = await serve((_req, res) => {
      hits++;
      if (hits < 3) {
        res.statusCode = 503;
        res.end('{"error":"busy","code":"UNAVAILABLE"}');
      } else res.end('{"ok":true}');
    });
    const c = new HubClient({ baseUrl: url, retries: 3, retryDelayMs: 5 });
    expect(await c.get('/x')).toEqual({ ok: true });
    expect(hits).toBe(3);
    hits = 0;
    await expect(c.post('/x', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(hits).toBe(1);
  });

  it('gives up on an unreachable hub with REMOTE_UNREACHABLE, bounded in time', async () => {
    const started = Date.now();
    const c = new HubClient({ baseUrl: 'http://127.0.0.1:9', retries: 2, retryDelayMs: 10 });
    await expect(c.get('/health')).rejects.toMatchObject({ code: 'REMOTE_UNREACHABLE' });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('times out a hub that never answers', async () => {
    const url = await serve(() => {
      // never answers
    });
    const c = new HubClient({ baseUrl: url, retries: 1, retryDelayMs: 10, timeoutMs: 200 });
    const err = await c.get('/x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'REMOTE_UNREACHABLE' });
    expect((err as Error).message).toContain('timed out');
    server!.closeAllConnections();
  });
});
