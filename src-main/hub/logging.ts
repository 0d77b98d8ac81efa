/** Structured logs: one pino line per request, with a request id echoed as X-Request-Id. */
import { randomUUID } from 'node:crypto';
import type { Context, Next } from 'koa';
import pino, { type Logger } from 'pino';
import type { Metrics } from './types.js';

export function createLogger(level?: string): Logger {
  const fallback = process.env.VITEST ? 'silent' : 'info';
  return pino({ name: 'auxin-hub', level: level ?? process.env.AUXIN_LOG_LEVEL ?? fallback });
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
      const status = ctx.res.statusCode;
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
