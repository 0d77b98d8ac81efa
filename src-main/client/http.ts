/**
 * The HTTP client of the account commands (`auxin login`, `auxin user`): a base URL, a bearer
 * token, timeouts, a few retries for requests that are safe to repeat, and error bodies decoded
 * back into AuxinError. `api` is the typed client (src-shared/api/client.ts) over it.
 */
import { AuxinError, decodeErrorBody } from '../../src-shared/errors.js';
import { createApiClient, type ApiClient } from '../../src-shared/api/client.js';
import https from 'node:https';
import { httpsFetch } from './https-fetch.js';
import {
  certFailure,
  isCertFailure,
  pinnedAgentOptions,
  pinnedCert,
  type PinnedCert,
} from './tls-trust.js';

export interface HubClientOptions {
  baseUrl: string;
  token?: string | null;
  /** Per attempt, until the response headers arrive. */
  timeoutMs?: number;
  /** Extra attempts after a network failure or a 502/503/504. */
  retries?: number;
  retryDelayMs?: number;
  userAgent?: string;
  /**
   * For an https:// hub, the certificate to accept; by default the one pinned for this hub
   * (tls-trust.ts), and without a pin the system's authorities decide.
   */
  pin?: PinnedCert | null;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  /** Retry even though the method is not idempotent (the caller knows the request is). */
  retry?: boolean;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const IDEMPOTENT = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);
const RETRY_STATUS = new Set([502, 503, 504]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Turn a non-2xx response into an AuxinError carrying the hub's code and details. */
export async function decodeError(res: Response): Promise<AuxinError> {
  return decodeErrorBody(res.status, await res.text().catch(() => ''));
}

export class HubClient {
  readonly baseUrl: string;
  readonly token: string | null;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  private readonly userAgent: string;
  private readonly pin: PinnedCert | null = null;
  private readonly agent: https.Agent | null = null;

  constructor(opts: HubClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, '');
    if (this.baseUrl.startsWith('https:')) {
      this.pin = opts.pin === undefined ? pinnedCert(new URL(this.baseUrl).origin) : opts.pin;
      this.agent = new https.Agent(this.pin ? pinnedAgentOptions(this.pin) : {});
    }
    this.token = opts.token ?? null;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retries = opts.retries ?? 3;
    this.retryDelayMs = opts.retryDelayMs ?? 500;
    this.userAgent = opts.userAgent ?? 'auxin/0.1.0';
  }

  /** The typed client of the route table, over this client's retries and timeouts. */
  readonly api: ApiClient = createApiClient({
    baseUrl: '',
    fetch: (url, init) =>
      this.request(init.method ?? 'GET', url, {
        body: init.body,
        headers: init.headers as Record<string, string>,
      }),
  });

  url(path: string, query?: RequestOptions['query']): string {
    const u = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /** The raw Response of a successful request (2xx or 3xx); throws AuxinError otherwise. */
  async request(method: string, path: string, opts: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...opts.headers };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let body = opts.body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    }
    const canRetry = opts.retry ?? IDEMPOTENT.has(method.toUpperCase());
    const attempts = canRetry ? this.retries + 1 : 1;
    const target = this.url(path, opts.query);
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(this.retryDelayMs * 2 ** (attempt - 1));
      const timeout = AbortSignal.timeout(opts.timeoutMs ?? this.timeoutMs);
      const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
      let res: Response;
      try {
        res = this.agent
          ? await httpsFetch(target, { method, headers, body, signal }, this.agent)
          : await fetch(target, { method, headers, body: body ?? null, signal });
      } catch (e) {
        if (opts.signal?.aborted) throw e;
        if (isCertFailure(e)) throw await certFailure(new URL(this.baseUrl).origin, this.pin, e);
        lastError = e;
        continue;
      }
      if (res.ok) return res;
      const err = await decodeError(res);
      if (RETRY_STATUS.has(res.status) && attempt + 1 < attempts) {
        lastError = err;
        continue;
      }
      throw err;
    }
    if (lastError instanceof AuxinError) throw lastError;
    const reason =
      (lastError as Error)?.name === 'TimeoutError'
        ? 'timed out'
        : ((lastError as { cause?: Error })?.cause?.message ?? (lastError as Error)?.message);
    throw new AuxinError(
      'REMOTE_UNREACHABLE',
      `cannot reach the hub at ${this.baseUrl}: ${reason}`,
    );
  }

  async json<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, {
      ...opts,
      headers: { Accept: 'application/json', ...opts.headers },
    });
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  get<T = unknown>(path: string, opts?: RequestOptions): Promise<T> {
    return this.json<T>('GET', path, opts);
  }

  post<T = unknown>(path: string, json?: unknown, opts?: RequestOptions): Promise<T> {
    return this.json<T>('POST', path, { ...opts, json });
  }

  put<T = unknown>(path: string, json?: unknown, opts?: RequestOptions): Promise<T> {
    return this.json<T>('PUT', path, { ...opts, json });
  }

  delete<T = unknown>(path: string, opts?: RequestOptions): Promise<T> {
    return this.json<T>('DELETE', path, opts);
  }
}
