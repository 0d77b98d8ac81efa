/**
 * A JSON body that stops arriving gets 408 REQUEST_TIMEOUT and a closed connection after the
 * idle limit; a slow body that keeps sending is read in full (the limit is idle, not total).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { rawRequest } from './helpers/raw-socket.js';

const IDLE_MS = 300;
let t: TestHub;
let port: number;
beforeAll(async () => {
  t = await startHub({ bodyIdleTimeoutMs: IDLE_MS });
  port = Number(new URL(t.url).port);
});
afterAll(async () => {
  await t.stop();
});

function head(path: string, length: number, token: string | null): string {
  const auth = token ? `Authorization: Bearer ${token}\r\n` : '';
  return (
    `POST ${path} HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\n` +
    `Content-Length: ${length}\r\nConnection: close\r\n\r\n`
  );
}

describe('request bodies that stop arriving', () => {
  it.each([
    ['the sign-in route, without a token', '/api/auth/login', null],
    ['a JSON route', '/api/users', ADMIN_TOKEN],
  ])('answers %s 408 and closes', async (_, path, token) => {
    const started = Date.now();
    const answer = await rawRequest(port, head(path, 100, token) + '{"username":"a', { ms: 5000 });
    expect(answer.closed).toBe(true);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'REQUEST_TIMEOUT' });
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(Date.now() - started).toBeGreaterThanOrEqual(IDLE_MS - 20);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reads a body that trickles in for longer than the idle limit', async () => {
    const body = JSON.stringify({ username: 'slowpoke', role: 'client' });
    const pieces = body.match(/.{1,5}/g)!;
    const answer = await rawRequest(port, head('/api/users', body.length, ADMIN_TOKEN), {
      ms: 10_000,
      onConnect: (socket) => {
        let i = 0;
        const timer = setInterval(() => {
          if (i >= pieces.length) return clearInterval(timer);
          socket.write(pieces[i++]!);
        }, IDLE_MS / 3);
      },
    });
    expect(pieces.length * (IDLE_MS / 3)).toBeGreaterThan(2 * IDLE_MS);
    expect(answer.status, answer.text).toBe(201);
    expect((await t.req('/api/users/slowpoke/tokens')).status).toBe(200);
  });
});
