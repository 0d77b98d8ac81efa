/**
 * Stable error codes shared by the store, the hub, the clients and the UI.
 * The wire shape of every error is `{error: "<readable message>", code: "<CODE>", ...details}`.
 * Codes never change meaning once shipped; the UI chooses its words from `code`.
 */
export const ErrorCodes = {
  // generic
  BAD_REQUEST: 400,
  INVALID_ARGUMENT: 400,
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_NAME: 400,
  INVALID_PATH: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
  REQUEST_TIMEOUT: 408,
  HEADERS_TOO_LARGE: 431,
  TOO_MANY_STREAMS: 429,
  NO_SPACE: 507,
  PERMISSION_DENIED: 403,
  READ_ONLY: 409,
  /** A cookie-authenticated write whose Origin is not the hub's own (cross-site request forgery). */
  CROSS_ORIGIN: 403,
  // store
  NOT_A_REPOSITORY: 404,
  ALREADY_EXISTS: 409,
  NAME_COLLISION: 409,
  UNKNOWN_REVISION: 404,
  UNCOMMITTED_CHANGES: 409,
  NOTHING_TO_COMMIT: 409,
  CORRUPT_OBJECT: 500,
  HASH_MISMATCH: 422,
  REF_CONFLICT: 409,
  UNSUPPORTED_FORMAT: 409,
  CHECKOUT_INTERRUPTED: 409,
  FILE_CHANGING: 409,
  CASE_COLLISION: 409,
  // sync
  NON_FAST_FORWARD: 409,
  DIVERGED: 409,
  MISSING_OBJECTS: 422,
  REMOTE_UNREACHABLE: 503,
  PORT_IN_USE: 409,
  MALFORMED_PACK: 400,
  TOO_MANY_UPLOADS: 429,
  NO_REMOTE: 404,
  NOT_A_HUB: 502,
  // TLS trust (client side; 495 as proxies answer a bad client certificate)
  CERT_CHANGED: 495,
  CERT_UNTRUSTED: 495,
  CERT_MISMATCH: 495,
  // locks
  LOCK_HELD: 409,
  NO_LOCK: 404,
  NOT_LOCK_HOLDER: 403,
  LOCK_BROKEN: 423,
  // logic
  NOT_A_BUNDLE: 400,
  UNREADABLE_BUNDLE: 422,
  INVALID_COMMIT_ID: 400,
  NO_METADATA: 404,
  TOO_MANY_PENDING: 429,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export interface ErrorBody {
  error: string;
  code: ErrorCode;
  [detail: string]: unknown;
}

/** An expected failure with a stable code; anything else that is thrown is a bug. */
export class AuxinError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    status?: number,
  ) {
    super(message);
    this.name = 'AuxinError';
    this.code = code;
    this.status = status ?? ErrorCodes[code];
    this.details = details;
  }

  toBody(): ErrorBody {
    return { ...this.details, error: this.message, code: this.code };
  }
}

export function isAuxinError(e: unknown): e is AuxinError {
  return e instanceof AuxinError;
}

/** A system error saying the disk (or the user's quota) is full: both ends answer NO_SPACE. */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * The one decoder of a hub's error answer (status and body text) into an AuxinError, for every
 * client. A body with a known `code` keeps it; otherwise the status decides.
 */
export function decodeErrorBody(status: number, text: string): AuxinError {
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      body = parsed as Record<string, unknown>;
    }
  } catch {
    // not JSON: the status decides
  }
  const { error, code, ...details } = body ?? {};
  const known = typeof code === 'string' && code in ErrorCodes;
  const message = typeof error === 'string' ? error : `the hub answered HTTP ${status}`;
  return new AuxinError(
    known ? (code as ErrorCode) : codeForStatus(status),
    message,
    known ? details : {},
    status,
  );
}

/** A hub always answers errors in JSON: a web page means some other server answered. */
export function isWebPage(text: string): boolean {
  return text.trimStart().startsWith('<');
}

/** The code of an error answer that names none. */
export function codeForStatus(status: number): ErrorCode {
  if (status === 401) return 'UNAUTHORIZED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 500) return 'INTERNAL';
  return 'BAD_REQUEST';
}
