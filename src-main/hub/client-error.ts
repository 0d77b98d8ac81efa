/**
 * Requests Node's HTTP parser rejects (bad framing, unknown method, oversized headers, headers
 * too slow) never reach Koa: Node would answer a bare `400` with none of our headers. This answers
 * them in the hub's wire shape, `{error, code}` with the security headers, and closes the socket.
 */
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ErrorCodes, type ErrorCode } from '../../src-shared/errors.js';
import { SECURITY_HEADERS } from './security.js';

interface ParserError extends Error {
  code?: string;
}

/** The answer for a parser error: the status and code follow Node's own choice of status. */
export function clientErrorAnswer(err: ParserError): { code: ErrorCode; message: string } {
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { code: 'HEADERS_TOO_LARGE', message: 'the request headers are too large' };
  }
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { code: 'REQUEST_TIMEOUT', message: 'the request did not arrive in time' };
  }
  return { code: 'BAD_REQUEST', message: 'malformed HTTP request' };
}

export function rawErrorResponse(code: ErrorCode, message: string): string {
  const status = ErrorCodes[code];
  const body = JSON.stringify({ error: message, code });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(SECURITY_HEADERS).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${head.join('\r\n')}\r\n\r\n${body}`;
}

/** End `socket` with `payload` if it can still take it, and destroy it in any case. */
export function closeWith(socket: Duplex, payload: string | null): void {
  if (!payload || !socket.writable) {
    socket.destroy();
    return;
  }
  // A peer that never reads must not keep the socket: destroy it soon whatever happens.
  const timer = setTimeout(() => socket.destroy(), 5_000);
  timer.unref();
  socket.end(payload, () => {
    clearTimeout(timer);
    socket.destroy();
  });
}

export function handleClientError(logger: Logger) {
  return (err: ParserError, socket: Duplex): void => {
    // A reset peer hears nothing; a response already under way cannot be followed by another.
    const started = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    const answerable = err.code !== 'ECONNRESET' && !started?.headersSent;
    const { code, message } = clientErrorAnswer(err);
    // The raw request (err.rawPacket) may carry a token: only its error code is logged.
    logger.info({ err_code: err.code, code }, 'malformed request');
    closeWith(socket, answerable ? rawErrorResponse(code, message) : null);
  };
}
