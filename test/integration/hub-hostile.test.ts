/**
 * Hostile requests: traversal in every path parameter (raw, encoded, double-encoded), malformed
 * and huge JSON, unknown routes and methods. Each gets a 4xx with a code, never a 500, and the
 * data folder (and its parent) is byte-for-byte unchanged afterwards.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { snapshot } from './helpers/snapshot.js';

let t: TestHub;
let parent: string;
let producer: string;
beforeAll(async () => {
  parent = tempDir('auxin-hostile-').dir;
  t = await startHub({ dataDir: path.join(parent, 'data') });
  producer = await addUser(t, 'ana', 'producer');
  expect(
    (await t.req('/api/repos/community/MySong.logicx', { method: 'POST', token: producer })).status,
  ).toBe(201);
  fs.writeFileSync(path.join(parent, 'outside.txt'), 'must stay');
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(parent, { recursive: true, force: true });
});

/** Raw request, so the path reaches the hub exactly as written (fetch would normalize it). */
function raw(
  method: string,
  p: string,
  opts: { body?: string | Buffer; headers?: Record<string, string>; token?: string | null } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  const { port } = new URL(t.url);
  const headers: Record<string, string> = { ...opts.headers };
  const token = opts.token === undefined ? producer : opts.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(opts.body));
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: p, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode!,
          body: Buffer.concat(chunks).toString(),
          headers: res.headers,
        }),
      );
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

const TRAVERSALS = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2E',
  '%252e%252e',
  '..%2f..%2fetc',
  '..%5c..%5cwindows',
  '%2e%2e%2f',
  '.hidden',
  '%00',
  'a%00b',
  '%0a',
  'a%2fb',
  'a%5cb',
  '%c0%ae%c0%ae',
  '%ff',
  'x'.repeat(300),
  'CON',
];

function expectCoded(res: { status: number; body: string }, what: string) {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  const body = JSON.parse(res.body) as { code?: string; error?: string };
  expect(typeof body.code, what).toBe('string');
  expect(typeof body.error, what).toBe('string');
}

describe('hostile requests', () => {
  it('refuses traversal in every path parameter and changes nothing', async () => {
    const before = snapshot(parent);
    const templates = [
      (x: string) => ['GET', `/api/repos/${x}/MySong.logicx`],
      (x: string) => ['GET', `/api/repos/community/${x}`],
      (x: string) => ['POST', `/api/repos/${x}/new`],
      (x: string) => ['POST', `/api/repos/community/${x}`],
      (x: string) => ['POST', `/api/repos/${x}/${x}`],
      (x: string) => ['DELETE', `/api/repos/community/${x}`],
      (x: string) => ['PUT', `/api/repos/${x}/MySong.logicx/visibility`],
      (x: string) => ['GET', `/api/repos/community/${x}/activity`],
      (x: string) => ['POST', `/api/repos/community/MySong.logicx/commits/${x}/comments`],
      (x: string) => ['GET', `/api/repos/community/MySong.logicx/commits/${x}/comments`],
      (x: string) => ['DELETE', `/api/repos/community/MySong.logicx/commits/abc/comments/${x}`],
      (x: string) => ['DELETE', `/api/repos/community/MySong.logicx/collaborators/${x}`],
      (x: string) => ['GET', `/api/users/${x}/tokens`],
      (x: string) => ['DELETE', `/api/users/ana/tokens/${x}`],
      (x: string) => ['GET', `/api/events?repo=${x}/${x}`],
    ];
    for (const template of templates) {
      for (const x of TRAVERSALS) {
        const [method, p] = template(x) as [string, string];
        const body =
          method === 'POST' || method === 'PUT' ? '{"body":"x","visibility":"private"}' : undefined;
        const res = await raw(method, p, {
          body,
          headers: body ? { 'Content-Type': 'application/json' } : {},
        });
        expectCoded(res, `${method} ${p}`);
      }
    }
    // Paths that escape before routing: the router must not normalize them into a real route.
    for (const p of [
      '/api/repos/community/MySong.logicx/../../../outside.txt',
      '/../../etc/passwd',
      '/api/repos/community/..%2f..%2foutside.txt/x',
    ]) {
      expectCoded(await raw('GET', p), p);
    }
    expect(snapshot(parent)).toEqual(before);
  });

  it('answers malformed, mistyped and huge JSON with codes and changes nothing', async () => {
    const before = snapshot(parent);
    const repo = '/api/repos/community/Fresh';
    const cases: { body: string | Buffer; type?: string; code: string }[] = [
      { body: '{', code: 'INVALID_JSON' },
      { body: '{"description": "x",}', code: 'INVALID_JSON' },
      { body: '\u0000\u0001', code: 'INVALID_JSON' },
      { body: 'null', code: 'VALIDATION_FAILED' },
      { body: '[]', code: 'VALIDATION_FAILED' },
      { body: '"text"', code: 'VALIDATION_FAILED' },
      { body: '{"visibility": "public"}', code: 'VALIDATION_FAILED' },
      { body: '{"description": 42}', code: 'VALIDATION_FAILED' },
      { body: '{"__proto__": {"admin": true}, "visibility": 1}', code: 'VALIDATION_FAILED' },
      { body: JSON.stringify({ description: 'x'.repeat(1024 * 1024) }), code: 'PAYLOAD_TOO_LARGE' },
      { body: '['.repeat(100_000), code: 'PAYLOAD_TOO_LARGE' },
      { body: '{"description":"x"}', type: 'text/plain', code: 'UNSUPPORTED_MEDIA_TYPE' },
      {
        body: Buffer.from([0xff, 0xfe, 0x00]),
        type: 'application/octet-stream',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    ];
    for (const c of cases) {
      const res = await raw('POST', repo, {
        body: c.body,
        headers: { 'Content-Type': c.type ?? 'application/json' },
      });
      expectCoded(res, String(c.body).slice(0, 40));
      expect(JSON.parse(res.body).code, String(c.body).slice(0, 40)).toBe(c.code);
    }
    // Deep nesting within the size limit must not crash the parser either.
    const deep = '{"description":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    expectCoded(
      await raw('POST', repo, { body: deep, headers: { 'Content-Type': 'application/json' } }),
      'deep',
    );
    // Every JSON route has a body limit, the sign-in route included.
    const login = await raw('POST', '/api/auth/login', {
      token: null,
      body: JSON.stringify({ username: 'a', password: 'x'.repeat(100_000) }),
      headers: { 'Content-Type': 'application/json' },
    });
    expect(JSON.parse(login.body).code).toBe('PAYLOAD_TOO_LARGE');
    expect(snapshot(parent)).toEqual(before);
  });

  it('answers unknown routes 404 and wrong methods 405, with codes', async () => {
    const notFound = await raw('GET', '/api/nope');
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body).code).toBe('NOT_FOUND');
    const wrong = await raw('PATCH', '/api/repos/community/MySong.logicx');
    expect(wrong.status).toBe(405);
    expect(JSON.parse(wrong.body).code).toBe('METHOD_NOT_ALLOWED');
    expect(wrong.headers.allow).toContain('GET');
    const wrongHealth = await raw('POST', '/health', { token: ADMIN_TOKEN });
    expect(wrongHealth.status).toBe(405);
    const unknownMethod = await raw('PROPFIND', '/api/repos', { token: ADMIN_TOKEN });
    expectCoded(unknownMethod, 'PROPFIND');
  });

  it('refuses to follow a symlink planted as a namespace', async () => {
    fs.symlinkSync(parent, path.join(t.dataDir, 'planted'));
    const before = snapshot(parent);
    const res = await raw('POST', '/api/repos/planted/Escape', { token: ADMIN_TOKEN });
    expectCoded(res, 'symlink');
    expect(snapshot(parent)).toEqual(before);
    fs.unlinkSync(path.join(t.dataDir, 'planted'));
  });

  it('refuses to read, write or delete through a repository folder swapped for a symlink', async () => {
    // A repository the hub knows, whose folder someone replaced with a link to a copy elsewhere.
    expect((await t.req('/api/repos/swap/Song', { method: 'POST', token: producer })).status).toBe(
      201,
    );
    const dir = path.join(t.dataDir, 'swap', 'Song');
    const elsewhere = path.join(parent, 'elsewhere');
    fs.renameSync(dir, elsewhere);
    fs.symlinkSync(elsewhere, dir);
    const before = snapshot(parent);
    const ref = { branch: 'viaLink', old: null, new: 'a'.repeat(64), stats: { commits: 1 } };
    for (const [method, url, body] of [
      ['GET', '/api/repos/swap/Song/branches', undefined],
      ['GET', '/api/repos/swap/Song/commits', undefined],
      ['POST', '/api/repos/swap/Song/sync/ref', ref],
      ['DELETE', '/api/repos/swap/Song', undefined],
    ] as const) {
      const res = await raw(method, url, {
        token: ADMIN_TOKEN,
        ...(body && {
          body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json' },
        }),
      });
      expectCoded(res, `${method} ${url}`);
      expect(JSON.parse(res.body).code, `${method} ${url}`).toBe('INVALID_PATH');
    }
    expect(snapshot(parent)).toEqual(before);
    fs.unlinkSync(dir);
    fs.renameSync(elsewhere, dir);
  });

  it('never shows where the hub keeps its data in an error', async () => {
    expect(
      (await t.req('/api/repos/broken/Song', { method: 'POST', token: producer })).status,
    ).toBe(201);
    // A repository folder whose store is gone (a disk mishap): the store names its path.
    const dir = path.join(t.dataDir, 'broken', 'Song');
    fs.rmSync(dir, { recursive: true });
    fs.mkdirSync(dir);
    const res = await raw('GET', '/api/repos/broken/Song/branches');
    expectCoded(res, 'broken store');
    expect(res.body).toContain('broken/Song');
    expect(res.body).not.toContain(t.dataDir);
    expect(res.body).not.toContain(fs.realpathSync(t.dataDir));
  });

  it('sends security headers, no X-Powered-By, and CORS only to configured origins', async () => {
    const res = await raw('GET', '/health', { headers: { Origin: 'http://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await raw('OPTIONS', '/api/repos', {
      token: null,
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(403);

    const withCors = await startHub({ config: { corsOrigins: ['http://studio.local:5173'] } });
    try {
      const ok = await withCors.req('/api/repos', {
        method: 'OPTIONS',
        token: null,
        headers: {
          Origin: 'http://studio.local:5173',
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'authorization',
        },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe('http://studio.local:5173');
      expect(ok.headers.get('access-control-allow-headers')).toContain('Authorization');
      const get = await withCors.req('/api/repos', {
        headers: { Origin: 'http://studio.local:5173' },
      });
      expect(get.headers.get('access-control-allow-origin')).toBe('http://studio.local:5173');
      const other = await withCors.req('/api/repos', {
        headers: { Origin: 'http://studio.local:5174' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.stop();
    }
  });
});
