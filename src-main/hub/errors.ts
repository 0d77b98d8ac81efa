/**
 * Error middleware (first in the chain) and the final 404. Expected failures are AuxinErrors
 * rendered as `{error, code, ...details}`; anything else is a bug, logged once through
 * `app.emit('error')` and answered with a bare 500 that leaks nothing.
 */
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import type { Context, Next } from 'koa';
import { z } from 'zod';
import { AuxinError, isAuxinError, isDiskFull, type ErrorCode } from '../../src-shared/errors.js';

// Koa and its helpers throw http-errors with `status` and `expose`; map them to our codes.
const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  416: 'RANGE_NOT_SATISFIABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

export function toAuxinError(e: unknown): AuxinError | null {
  if (isAuxinError(e)) return e;
  if (e instanceof z.ZodError) {
    return new AuxinError('VALIDATION_FAILED', 'the request is not valid', {
      issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  if (isDiskFull(e)) {
    // Not a bug to report as INTERNAL: the hub machine's disk (or quota) is full. What was
    // sealed before stays valid, so the same push resumes once space is freed.
    return new AuxinError(
      'NO_SPACE',
      'no disk space left on the hub machine: free some space there, then try again',
    );
  }
  const err = e as { status?: unknown; expose?: unknown; message?: unknown };
  if (err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    const code = STATUS_CODES[err.status] ?? 'BAD_REQUEST';
    const message = err.expose && typeof err.message === 'string' ? err.message : code;
    return new AuxinError(code, message.toLowerCase(), {}, err.status);
  }
  return null;
}

/**
 * An answer never shows where the hub keeps its data: a path under one of `roots` (a store's
 * "… is not a store", a lock file named in a conflict) is given relative to the data folder.
 */
export function hidePaths(value: unknown, roots: readonly string[]): unknown {
  if (typeof value === 'string') {
    let s = value;
    for (const r of roots)
      s = s
        .split(r + path.sep)
        .join('')
        .split(r)
        .join('<data>');
    return s;
  }
  if (Array.isArray(value)) return value.map((v) => hidePaths(v, roots));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hidePaths(v, roots)]));
  }
  return value;
}

/** The data folder as written and as the filesystem resolves it (macOS: /tmp is /private/tmp). */
function dataRoots(dataDir: string): string[] {
  const roots = [path.resolve(dataDir)];
  try {
    const real = realpathSync(dataDir);
    if (real !== roots[0]) roots.unshift(real);
  } catch {
    // Not created yet: the resolved path is all there is.
  }
  return roots;
}

/**
 * The request failed because its connection closed under it. Also the test of `app.on('error')`:
 * a streamed answer (a download, a live stream) that the client cancels fails after this
 * middleware has returned, in Koa's pipe, and lands there.
 */
export function clientLeft(ctx: Context, e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  // The socket, not only the request: a write to a reset connection fails (ECONNRESET, EPIPE)
  // before the request is marked destroyed.
  return (
    (ctx.req.destroyed || ctx.req.socket.destroyed) &&
    (code === 'ECONNRESET' ||
      code === 'EPIPE' ||
      code === 'ERR_STREAM_PREMATURE_CLOSE' ||
      (e as Error)?.message === 'aborted')
  );
}

export function errorMiddleware(dataDir?: string) {
  const roots = dataDir ? dataRoots(dataDir) : [];
  return async function handleErrors(ctx: Context, next: Next): Promise<void> {
    try {
      await next();
    } catch (e) {
      const known = toAuxinError(e);
      if (ctx.headerSent || !ctx.writable) {
        // A streamed answer failed half-way, or the client left: nothing can be said to it any
        // more. Its leaving is not a bug (the request's log line says 499).
        if (!known && !clientLeft(ctx, e)) ctx.app.emit('error', e, ctx);
        return;
      }
      if (known) {
        // Refused before its body was read (too large, a bad pack): the rest of the body would be
        // taken for the next request, so the answer says the connection ends, and it does.
        if (!ctx.req.complete) ctx.set('Connection', 'close');
        ctx.status = known.status;
        ctx.body = hidePaths(known.toBody(), roots);
        ctx.state.errorCode = known.code;
        return;
      }
      ctx.app.emit('error', e, ctx);
      ctx.status = 500;
      ctx.body = { error: 'internal error', code: 'INTERNAL' };
      ctx.state.errorCode = 'INTERNAL';
    }
  };
}

/**
 * Wraps the routers: nothing answered means no such route (404); the routers' allowedMethods()
 * leave a bare 405 (with `Allow`) or 501 for a method the route lacks, answered here with a code.
 */
export function notFoundMiddleware() {
  return async function notFound(ctx: Context, next: Next): Promise<void> {
    await next();
    if (ctx.body != null) return;
    if (ctx.status === 404) {
      throw new AuxinError('NOT_FOUND', `no route for ${ctx.method} ${ctx.path}`);
    }
    if (ctx.status === 405 || ctx.status === 501) {
      throw new AuxinError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}`);
    }
  };
}
