/**
 * Request bodies are read per route, never globally: JSON routes call `validate(schema)`, which
 * reads at most `limit` bytes of JSON and replaces `ctx.request.body` with the parsed value; the
 * sync routes read their raw binary bodies themselves.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, Next } from 'koa';
import type { z } from 'zod';
import { AuxinError } from '../../src-shared/errors.js';

declare module 'koa' {
  interface Request {
    body?: unknown;
  }
  interface DefaultContext {
    /** Set by createHub from `HubOptions.bodyIdleTimeoutMs`. */
    bodyIdleTimeoutMs?: number;
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export const DEFAULT_JSON_LIMIT = 64 * 1024;
/** A body that sends nothing for this long is given up on (an idle limit, not a total one). */
export const DEFAULT_BODY_IDLE_MS = 30_000;

/**
 * The body's bytes, at most `limit` of them. Node's server has no request timeout (pack uploads
 * may take long), so a client that stops sending would otherwise hold the connection forever.
 */
function readBody(req: IncomingMessage, limit: number, idleMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (err: unknown, body?: Buffer) => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', done).off('aborted', onAborted);
      if (err) {
        // Nothing more is read: the answer closes the connection (Connection: close).
        req.pause();
        reject(err);
      } else resolve(body!);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () =>
          done(
            new AuxinError('REQUEST_TIMEOUT', `no body bytes arrived for ${idleMs / 1000} s`, {
              idle_ms: idleMs,
            }),
          ),
        idleMs,
      );
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done(
          new AuxinError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`, { limit }),
        );
        return;
      }
      chunks.push(chunk);
      arm();
    };
    const onEnd = () => done(null, Buffer.concat(chunks));
    const onAborted = () => done(new AuxinError('BAD_REQUEST', 'the request was aborted'));
    req.on('data', onData).on('end', onEnd).on('error', done).on('aborted', onAborted);
    arm();
  });
}

function isJsonType(type: string | undefined): boolean {
  if (!type) return false;
  const mime = type.split(';')[0]!.trim().toLowerCase();
  return mime === 'application/json' || mime.endsWith('+json');
}

/** Read the whole body as JSON, at most `limit` bytes. An empty body reads as `{}`. */
export async function readJson(ctx: Context, limit = DEFAULT_JSON_LIMIT): Promise<unknown> {
  const req = ctx.req;
  const declared = req.headers['content-length'];
  const length = declared === undefined ? null : Number(declared);
  if (length !== null && (!Number.isFinite(length) || length < 0)) {
    throw new AuxinError('BAD_REQUEST', 'invalid Content-Length');
  }
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if ((length === null || length === 0) && !chunked) return {};
  if (!isJsonType(req.headers['content-type'])) {
    throw new AuxinError('UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
  }
  if (length !== null && length > limit) {
    throw new AuxinError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`, { limit });
  }
  let bytes: Buffer;
  try {
    bytes = await readBody(req, limit, ctx.bodyIdleTimeoutMs ?? DEFAULT_BODY_IDLE_MS);
  } catch (e) {
    // The rest of the body will not be read: the connection cannot carry another request.
    ctx.set('Connection', 'close');
    throw e;
  }
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    // Decoded leniently, a bad byte would become U+FFFD inside a name or a message, stored as
    // something the sender never wrote.
    throw new AuxinError('INVALID_JSON', 'the body is not valid UTF-8');
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AuxinError('INVALID_JSON', 'the body is not valid JSON');
  }
}

function issues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Parse `value` with `schema`, or throw 400 VALIDATION_FAILED listing what is wrong. */
export function parseOr400<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length ? `${first.path.join('.')}: ` : '';
    throw new AuxinError('VALIDATION_FAILED', `invalid ${what}: ${where}${first?.message ?? ''}`, {
      issues: issues(parsed.error),
    });
  }
  return parsed.data;
}

/** Middleware: read a JSON body of at most `limit` bytes and replace it with the parsed value. */
export function validate<S extends z.ZodType>(schema: S, opts: { limit?: number } = {}) {
  return async function validateBody(ctx: Context, next: Next): Promise<void> {
    const raw = await readJson(ctx, opts.limit ?? DEFAULT_JSON_LIMIT);
    ctx.request.body = parseOr400(schema, raw, 'body');
    await next();
  };
}

/** Middleware: parse the query string with `schema` into `ctx.state.query`. */
export function validateQuery<S extends z.ZodType>(schema: S) {
  return async function validateQueryString(ctx: Context, next: Next): Promise<void> {
    ctx.state.query = parseOr400(schema, ctx.query, 'query');
    await next();
  };
}
