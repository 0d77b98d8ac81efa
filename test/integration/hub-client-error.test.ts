/**
 * Requests Node's parser rejects get the hub's JSON error shape and security headers, the socket
 * is closed, and no token in them reaches the log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/hub/logging.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { rawRequest } from './helpers/raw-socket.js';

const QUERY_TOKEN = 'auxin_query-token-that-must-not-be-logged';
let t: TestHub;
let port: number;
let log = '';
beforeAll(async () => {
  const logger = createLogger('debug', { write: (line: string) => void (log += line) });
  t = await startHub({ logger });
  port = Number(new URL(t.url).port);
});
afterAll(async () => {
  await t.stop();
});

const auth = `Authorization: Bearer ${ADMIN_TOKEN}\r\n`;
const MALFORMED: [string, string, number, string][] = [
  [
    'a broken chunk',
    `POST /api/repos/studio/Leak HTTP/1.1\r\nHost: x\r\n${auth}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n`,
    400,
    'BAD_REQUEST',
  ],
  [
    'Content-Length: abc',
    `POST /api/users HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: abc\r\n\r\n{}`,
    400,
    'BAD_REQUEST',
  ],
  [
    'Content-Length: -1',
    `POST /api/users HTTP/1.1\r\nHost: x\r\n${auth}Content-Length: -1\r\n\r\n{}`,
    400,
    'BAD_REQUEST',
  ],
  ['an unknown method', `FOO /api/repos HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 400, 'BAD_REQUEST'],
  [
    'a query token',
    `GET /api/events?token=${QUERY_TOKEN} HTTP/1.1\r\nHost: x\r\nContent-Length: x\r\n\r\n`,
    400,
    'BAD_REQUEST',
  ],
  [
    'oversized headers',
    `GET /api/repos HTTP/1.1\r\nHost: x\r\n${auth}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    431,
    'HEADERS_TOO_LARGE',
  ],
];

describe('malformed HTTP requests', () => {
  it.each(MALFORMED)(
    'answers %s with JSON, security headers, and closes',
    async (_, req, status, code) => {
      const answer = await rawRequest(port, req);
      expect(answer.closed).toBe(true);
      expect(answer.status, answer.text.slice(0, 200)).toBe(status);
      expect(answer.headers['content-type']).toContain('application/json');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['content-security-policy']).toContain("default-src 'none'");
      expect(answer.headers.connection).toBe('close');
      expect(JSON.parse(answer.body)).toEqual({ error: expect.any(String), code });
    },
  );

  it('keeps every token out of the log', async () => {
    for (const [, req] of MALFORMED) await rawRequest(port, req);
    // The hub still serves, and logged the requests without what they carried.
    expect((await t.req('/api/auth/me')).status).toBe(200);
    expect(log).toContain('malformed request');
    for (const secret of [ADMIN_TOKEN, QUERY_TOKEN]) {
      expect(log).not.toContain(secret);
      // A Buffer is logged as its bytes: look for those too.
      expect(log).not.toContain([...Buffer.from(secret.slice(0, 12))].join(','));
    }
  });
});
