/** The hub's logger never writes a token: raw requests, authorization headers, query tokens. */
import { describe, expect, it } from 'vitest';
import { createLogger, scrubTokens } from '../../src-main/hub/logging.js';

const SECRET = 'auxin_s3cret-value-for-the-log-test';

function capture() {
  const lines: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join('') };
}

describe('hub logger redaction', () => {
  it('drops an HTTP parse error raw packet and scrubs tokens in its message', () => {
    const { logger, text } = capture();
    const err = Object.assign(new Error(`bad request to /api/events?token=${SECRET}`), {
      code: 'HPE_INVALID_CHUNK_SIZE',
      rawPacket: Buffer.from(`POST / HTTP/1.1\r\nAuthorization: Bearer ${SECRET}\r\n\r\n`),
    });
    logger.error({ err, path: '/x' }, 'unhandled error');
    logger.warn({ rawPacket: err.rawPacket }, 'top level');
    const out = text();
    expect(out).toContain('HPE_INVALID_CHUNK_SIZE');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain([...Buffer.from(SECRET.slice(0, 10))].join(','));
  });

  it('censors authorization headers and token values wherever they are logged', () => {
    const { logger, text } = capture();
    logger.info({ headers: { authorization: `Bearer ${SECRET}` } }, 'a');
    logger.info({ req: { headers: { authorization: `Bearer ${SECRET}` } } }, 'b');
    logger.info({ req: { query: { token: SECRET } }, token: SECRET }, 'c');
    expect(text()).not.toContain(SECRET);
    expect(text().match(/\[redacted\]/g)?.length).toBe(4);
  });

  it('scrubs bearer and query tokens inside text', () => {
    expect(scrubTokens(`GET /a?x=1&token=${SECRET}&y=2`)).toBe('GET /a?x=1&token=[redacted]&y=2');
    expect(scrubTokens(`Authorization: Bearer ${SECRET}\r\n`)).toBe(
      'Authorization: Bearer [redacted]\r\n',
    );
  });
});
