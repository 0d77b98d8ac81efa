/** Structured logs: one pino line per request, with a request id echoed as X-Request-Id. */
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import pino, { type Logger } from 'pino';
import type { Metrics } from './types.js';

/**
 * Where a token could sit in a logged object: an HTTP parse error's raw request
 * (`err.rawPacket`), request headers, a parsed query. The censor keeps the key, so a log still
 * shows that there was one.
 */
export const REDACTED_PATHS = [
  'rawPacket',
  '*.rawPacket',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
  'token',
  'query.token',
  '*.query.token',
];

// Bearer tokens and `?token=` values inside strings (an error's message, a URL).
const TOKEN_IN_TEXT = /(bearer\s+|[?&]token=)[^\s&"'#]+/gi;

export function scrubTokens(text: string): string {
  return text.replace(TOKEN_IN_TEXT, '$1[redacted]');
}

function serializeError(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const out = pino.stdSerializers.err(e) as unknown as Record<string, unknown>;
  delete out.rawPacket;
  for (const key of ['message', 'stack', 'url']) {
    if (typeof out[key] === 'string') out[key] = scrubTokens(out[key]);
  }
  return out;
}

export function createLogger(level?: string, destination?: pino.DestinationStream): Logger {
  const fallback = process.env.VITEST ? 'silent' : 'info';
  const options: pino.LoggerOptions = {
    name: 'auxin-hub',
    level: level ?? process.env.AUXIN_LOG_LEVEL ?? fallback,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

const CLIENT_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function requestLog(logger: Logger, metrics: Metrics) {
  return async function logRequest(ctx: Context, next: Next): Promise<void> {
    const incoming = ctx.get('X-Request-Id');
    const id = CLIENT_ID.test(incoming) ? incoming : randomUUID();
    ctx.state.requestId = id;
    ctx.set('X-Request-Id', id);
    const started = process.hrtime.bigint();
    const socket = ctx.req.socket;
    const readBefore = socket.bytesRead;
    const writtenBefore = socket.bytesWritten;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      // A client that went away before any answer (a push killed, a hub shutting down) is 499,
      // as nginx logs it, not the 404 a response nobody set still carries.
      const status = ctx.res.headersSent ? ctx.res.statusCode : 499;
      const bytesIn = Math.max(0, socket.bytesRead - readBefore);
      const bytesOut = Math.max(0, socket.bytesWritten - writtenBefore);
      metrics.inc('http_requests_total', 1, { method: ctx.method, status: String(status) });
      if (status >= 400) metrics.inc('http_errors_total', 1, { status: String(status) });
      metrics.inc('http_bytes_in_total', bytesIn);
      metrics.inc('http_bytes_out_total', bytesOut);
      // The path only: a query string may carry the SSE token.
      logger.info(
        {
          req_id: id,
          method: ctx.method,
          path: ctx.path,
          status,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
          bytes_in: bytesIn,
          bytes_out: bytesOut,
          user: (ctx.state.user as { username?: string } | undefined)?.username,
          code: ctx.state.errorCode,
        },
        'request',
      );
    };
    ctx.res.once('finish', finish);
    ctx.res.once('close', finish);
    await next();
  };
}
