/** Routes as data: paths, queries and matching (src-shared/api/route.ts), the SSE framing of the
 * typed client, and the hub's mount() (validation of every part, answers checked in tests). */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sseParser } from '../../src-shared/api/client.js';
import { lockRoutes } from '../../src-shared/api/locks.js';
import { historyRoutes } from '../../src-shared/api/history.js';
import { defineRoute, matchesRoute, queryString, routePath } from '../../src-shared/api/route.js';
import { errorMiddleware } from '../../src-main/hub/errors.js';
import { mount } from '../../src-main/hub/mount.js';

describe('route paths', () => {
  it('fills and percent-encodes parameters, and refuses a missing one', () => {
    expect(routePath(lockRoutes.acquire, { ns: 'studio', name: 'My Song.logicx' })).toBe(
      '/api/repos/studio/My%20Song.logicx/locks/acquire',
    );
    expect(routePath(historyRoutes.commit, { ns: 'a', name: '../x', commit: 'main' })).toBe(
      '/api/repos/a/..%2Fx/commits/main',
    );
    expect(() => routePath(lockRoutes.status, { ns: 'a' })).toThrow(/name/);
  });

  it('writes queries without undefined values', () => {
    expect(queryString({ a: 1, b: undefined, c: 'x y' })).toBe('?a=1&c=x%20y');
    expect(queryString({})).toBe('');
  });

  it('matches concrete paths to patterns, one segment per parameter', () => {
    expect(matchesRoute(historyRoutes.file, '/api/repos/a/b/commits/abc/file')).toBe(true);
    expect(matchesRoute(historyRoutes.file, '/api/repos/a/b/c/commits/abc/file')).toBe(false);
    expect(matchesRoute(historyRoutes.file, '/api/repos/a/b/commits/abc/file/x')).toBe(false);
    expect(matchesRoute(historyRoutes.file, '/api/repos/a/b/comments/file')).toBe(false);
  });
});

describe('the live stream framing', () => {
  it('parses messages split anywhere, skips heartbeats and non-JSON data', () => {
    const got: Array<[string, unknown]> = [];
    const feed = sseParser((type, data) => got.push([type, data]));
    const text =
      ': hi\n\nid: 1\nevent: push\ndata: {"a":1}\n\nevent: x\ndata: nope\n\ndata: {"b"\ndata: :2}\r\n\r\n';
    for (const ch of text) feed(ch);
    expect(got).toEqual([
      ['push', { a: 1 }],
      ['message', { b: 2 }],
    ]);
  });
});

async function serve(router: Router): Promise<{ url: string; close(): void }> {
  const app = new Koa();
  app.silent = true;
  app.use(errorMiddleware('/nonexistent'));
  app.use(router.routes());
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => server.close(),
  };
}

describe('mount()', () => {
  const route = defineRoute({
    method: 'POST',
    path: '/t/:id',
    params: z.object({ id: z.string().regex(/^\d+$/) }),
    query: z.object({ n: z.coerce.number().int().default(1) }),
    body: z.object({ name: z.string().min(1) }),
    bodyLimit: 64,
    response: z.object({ id: z.string(), n: z.number(), name: z.string() }),
    kind: 'json',
  });

  it('hands the handler parsed values and refuses bad parts with 400 VALIDATION_FAILED', async () => {
    const router = new Router();
    mount(router, route, (_ctx, { params, query, body }) => ({
      id: params.id,
      n: query.n,
      name: body.name,
    }));
    const s = await serve(router);
    try {
      const post = (p: string, body: string) =>
        fetch(s.url + p, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      const ok = await post('/t/7?n=3', '{"name":"ana"}');
      expect(await ok.json()).toEqual({ id: '7', n: 3, name: 'ana' });
      for (const [p, body] of [
        ['/t/x', '{"name":"ana"}'],
        ['/t/7?n=1.5', '{"name":"ana"}'],
        ['/t/7', '{"name":""}'],
      ] as const) {
        const res = await post(p, body);
        expect(res.status, p).toBe(400);
        expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
      }
      const big = await post('/t/7', JSON.stringify({ name: 'x'.repeat(100) }));
      expect(big.status).toBe(413);
    } finally {
      s.close();
    }
  });

  it('fails an answer that breaks the route schema (the suite runs with the check on)', async () => {
    expect(process.env.AUXIN_CHECK_RESPONSES).toBe('1');
    const router = new Router();
    mount(router, route, () => ({ id: 7 }) as never);
    const s = await serve(router);
    try {
      const res = await fetch(`${s.url}/t/7`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"name":"ana"}',
      });
      expect(res.status).toBe(500);
    } finally {
      s.close();
    }
  });
});
