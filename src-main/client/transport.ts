/**
 * HTTP for the sync client: every request has an idle timeout (a stalled body counts) and a
 * minimum pace (a hub trickling bytes is as good as stalled), a JSON request a total deadline;
 * failures of the network or a 502/503/504 are retried with backoff inside one time budget per
 * command, and every byte sent or received is counted so commands can report what travelled.
 */
import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuxinError, decodeErrorBody, isWebPage } from '../../src-shared/errors.js';
import { createApiClient, type ApiClient } from '../../src-shared/api/client.js';
import type { RouteDef, RouteInput, RouteOutput } from '../../src-shared/api/route.js';
import {
  certFailure,
  isCertFailure,
  pinnedAgentOptions,
  pinnedCert,
  type PinnedCert,
} from './tls-trust.js';

/** Bytes a request body gathers (corked) before they go to the socket together. */
const CORK_BYTES = 256 * 1024;

export interface TransportOptions {
  baseUrl: string;
  token?: string;
  /** No byte in either direction for this long fails the attempt. */
  idleMs?: number;
  /**
   * Give up once a streak of failures has lasted this long, counted from the first failure of
   * any request of this transport (one command): retries nested in retries share it.
   */
  retryWindowMs?: number;
  maxAttempts?: number;
  /**
   * How long one call waits out a hub that answers 429 with Retry-After (it is reading as many
   * of this account's packs as it takes at once) before it gives up: such answers are not
   * failures, so they use neither `maxAttempts` nor the retry window.
   */
  busyWindowMs?: number;
  /** A JSON request (answer included) taking longer than this fails the attempt. */
  requestMs?: number;
  /** Fewer than `minProgressBytes` moved (either way) over `progressWindowMs` fails it too. */
  progressWindowMs?: number;
  minProgressBytes?: number;
  /**
   * For an https:// hub, the certificate to accept (see tls-trust.ts); by default the one
   * `auxin login` pinned for this hub, and without a pin the system's authorities decide.
   */
  pin?: PinnedCert | null;
}

export interface WireStats {
  sent: number;
  received: number;
  requests: number;
  retries: number;
}

class Retryable extends Error {
  /** Set when the hub answered "busy, ask again in this many ms" (429 with Retry-After). */
  constructor(
    message: string,
    readonly busyMs?: number,
  ) {
    super(message);
  }
}

/** A 429's `Retry-After` in ms (seconds only; dates and nonsense are read as 1 s), kept to 0.1 to 10 s. */
function retryAfterMs(header: string | string[] | undefined): number {
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) ? Math.min(Math.max(seconds * 1000, 100), 10_000) : 1000;
}

/** How often in-flight requests are checked against the command's deadline. */
const WATCH_MS = 250;

export class Transport {
  readonly stats: WireStats = { sent: 0, received: 0, requests: 0, retries: 0 };
  private readonly agent: http.Agent;
  private readonly url: URL;
  private readonly pin: PinnedCert | null = null;
  constructor(private readonly opts: TransportOptions) {
    this.url = new URL(opts.baseUrl);
    if (this.url.protocol === 'https:') {
      this.pin = opts.pin === undefined ? pinnedCert(this.url.origin) : opts.pin;
      this.agent = new https.Agent({
        keepAlive: true,
        maxSockets: 8,
        ...(this.pin ? pinnedAgentOptions(this.pin) : {}),
      });
    } else if (this.url.protocol === 'http:') {
      this.agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    } else {
      throw new AuxinError(
        'INVALID_ARGUMENT',
        `only http:// and https:// hubs are supported, not ${this.url.protocol}`,
      );
    }
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * The typed client over this transport: URLs, bodies and answers come from the route table;
   * each attempt is one exchange (deadlines, counted bytes), retried by `call`.
   */
  private readonly api: ApiClient = createApiClient({
    baseUrl: '',
    fetch: (path, init) => this.fetchOnce(path, init),
  });

  /** A JSON route of the table, retried within the command's budget like every request. */
  call<R extends RouteDef>(
    route: R,
    input?: RouteInput<R>,
    opts: { nested?: boolean } = {},
  ): Promise<RouteOutput<R>> {
    const what = `${route.method} ${this.api.url(route, input)}`;
    return this.retrying(what, () => this.api.call(route, input), opts);
  }

  /** The path of a route (with its query), for the pack exchanges that stream their bodies. */
  path<R extends RouteDef>(route: R, input?: Omit<RouteInput<R>, 'body'>): string {
    return this.api.url(route, input);
  }

  /** One attempt as `fetch` would make it; an answer other than 2xx throws the hub's error. */
  private fetchOnce(path: string, init: RequestInit): Promise<Response> {
    const text = typeof init.body === 'string' ? init.body : null;
    const data = text === null ? null : Buffer.from(text);
    return this.exchange(
      init.method ?? 'GET',
      path,
      data && { type: 'application/json', data },
      async (status, chunks) => {
        const answer = await readAll(chunks);
        if (status < 200 || status >= 300) throw hubError(status, answer);
        return answered(status, answer);
      },
      { totalMs: this.opts.requestMs ?? 12_000 },
    );
  }

  /** When the current streak of failures began, for the whole command; null while all is well. */
  private failingSince: number | null = null;
  private firstFailure = '';

  private get windowMs(): number {
    return this.opts.retryWindowMs ?? 18_000;
  }

  /** The moment the current streak of failures runs out of time, if failing. */
  private deadline(): number | null {
    return this.failingSince === null ? null : this.failingSince + this.windowMs;
  }

  private unreachable(what: string, last: Error | null): AuxinError {
    const seconds = this.failingSince === null ? 0 : (Date.now() - this.failingSince) / 1000;
    const cause = this.firstFailure || `${what}: ${last?.message ?? 'gave up'}`;
    return new AuxinError(
      'REMOTE_UNREACHABLE',
      `cannot reach the hub at ${this.url.host} (${cause}; gave up after ` +
        `${seconds.toFixed(0)} s of retries)`,
    );
  }

  private busyTooLong(since: number): AuxinError {
    const s = (Date.now() - since) / 1000;
    const waited = s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(0)} min`;
    return new AuxinError(
      'TOO_MANY_UPLOADS',
      `the hub at ${this.url.host} took no more uploads from this account for ${waited}: ` +
        `other pushes with the same account held all its upload slots; try again when they are done`,
    );
  }

  /** Turn a failure into words the user can act on: which server, what to run. */
  private explain(e: unknown, what: string): unknown {
    if (!(e instanceof AuxinError)) return e;
    if (e.code === 'NOT_A_HUB' && !e.message.includes(NOT_A_HUB)) {
      return notAHub(this.url.origin, `${what}: ${e.message}`);
    }
    if (e.code === 'UNAUTHORIZED' && !e.message.includes('auxin login')) {
      const login = `run \`auxin login ${this.url.origin}\``;
      return new AuxinError(
        'UNAUTHORIZED',
        this.opts.token
          ? `the hub at ${this.url.origin} refused your token (${e.message.replace(/^hub: /, '')}); ` +
              `${login} again or set AUXIN_TOKEN`
          : `the hub at ${this.url.origin} needs a token: ${login} or set AUXIN_TOKEN`,
        e.details,
        e.status,
      );
    }
    return e;
  }

  /**
   * Run `attempt` until it succeeds, a non-retryable error occurs, or the budget runs out. The
   * time budget is the command's, not this call's: an upload's retry that asks the hub again
   * (a retrying() of its own) must not open a fresh window, or the waits stack past 30 s: such
   * a call says it is `nested`. (An AsyncLocalStorage found that out by itself, but once run it
   * puts a hook on every promise of the process: 0.5 to 0.9 CPU s of a 4 GiB clone.)
   */
  async retrying<T>(
    what: string,
    attempt: () => Promise<T>,
    opts: { nested?: boolean } = {},
  ): Promise<T> {
    const maxAttempts = this.opts.maxAttempts ?? 5;
    const outermost = !opts.nested;
    let lastErr: Error | null = null;
    let failures = 0;
    let busySince: number | null = null;
    for (;;) {
      try {
        const value = await attempt();
        // Only a whole unit of work that went through shows the hub is back.
        if (outermost) this.failingSince = null;
        return value;
      } catch (e) {
        if (isCertFailure(e)) throw await certFailure(this.url.origin, this.pin, e);
        if (!(e instanceof Retryable)) throw this.explain(e, what);
        if (e.busyMs !== undefined) {
          // The hub answered: other uploads of this account (another machine's push, say) hold
          // its slots. Asked again after Retry-After, give or take half, so that waiting
          // uploads do not all ask at the same instant; a slot frees as each of theirs ends.
          busySince ??= Date.now();
          const wait = e.busyMs * (0.5 + Math.random());
          if (Date.now() + wait - busySince > (this.opts.busyWindowMs ?? 300_000)) {
            throw this.busyTooLong(busySince);
          }
          this.stats.retries++;
          await sleep(wait);
          continue;
        }
        lastErr = e;
        if (this.failingSince === null) {
          this.failingSince = Date.now();
          this.firstFailure = `${what}: ${e.message}`;
        }
        if (++failures >= maxAttempts) break;
        const delay = Math.min(250 * 2 ** (failures - 1), 4000);
        const deadline = this.deadline();
        if (deadline !== null && Date.now() + delay >= deadline) break;
        this.stats.retries++;
        await sleep(delay);
      }
    }
    throw this.unreachable(what, lastErr);
  }

  /**
   * One HTTP exchange. `body` is written with backpressure; the response body is handed to
   * `consume` as a stream of buffers (counted and watched by the idle timer).
   */
  exchange<T>(
    method: string,
    path: string,
    body: { type: string; data: Buffer | AsyncIterable<Buffer>; encoding?: string } | null,
    consume: (status: number, chunks: AsyncIterable<Buffer>) => Promise<T>,
    limits: { totalMs?: number } = {},
  ): Promise<T> {
    this.stats.requests++;
    const idleMs = this.opts.idleMs ?? 8000;
    const started = Date.now();
    const pace = new PaceWatch(
      this.opts.progressWindowMs ?? 10_000,
      this.opts.minProgressBytes ?? 16 * 1024,
    );
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const watch = setInterval(() => {
        const now = Date.now();
        // Once the command's failures have lasted the whole window, every request still
        // waiting (a retry, or a sibling unit on the same stalled hub) stops: one deadline.
        const deadline = this.deadline();
        if (deadline !== null && now >= deadline) return fail(new Retryable('out of time'));
        // The idle timer alone never fires on a hub that sends a byte every few seconds.
        if (limits.totalMs !== undefined && now - started >= limits.totalMs) {
          return fail(new Retryable(`no complete answer in ${limits.totalMs / 1000} s`));
        }
        const slow = pace.check(now);
        if (slow) fail(new Retryable(slow));
      }, WATCH_MS);
      watch.unref();
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        clearInterval(watch);
        req.destroy();
        reject(e);
      };
      const headers: Record<string, string> = { accept: 'application/json' };
      if (this.opts.token) headers.authorization = `Bearer ${this.opts.token}`;
      if (body) headers['content-type'] = body.type;
      if (body?.encoding) headers['content-encoding'] = body.encoding;
      if (body && Buffer.isBuffer(body.data)) headers['content-length'] = String(body.data.length);
      const secure = this.url.protocol === 'https:';
      const req = (secure ? https : http).request(
        {
          host: this.url.hostname.replace(/^\[|\]$/g, ''),
          port: this.url.port || (secure ? 443 : 80),
          method,
          path,
          headers,
          agent: this.agent,
        },
        (res) => {
          const status = res.statusCode ?? 0;
          const counted = (async function* (stats: WireStats) {
            for await (const b of res as AsyncIterable<Buffer>) {
              stats.received += b.length;
              pace.moved += b.length;
              yield b;
            }
          })(this.stats);
          // 429 with Retry-After: the hub is reading as many of this account's packs as it
          // takes at once (TOO_MANY_UPLOADS); this one waits for a slot (see retrying()).
          const busy = status === 429 && res.headers['retry-after'] !== undefined;
          if (status === 502 || status === 503 || status === 504 || busy) {
            res.resume();
            const busyMs = busy ? retryAfterMs(res.headers['retry-after']) : undefined;
            return fail(new Retryable(`HTTP ${status}`, busyMs));
          }
          consume(status, counted).then(
            (v) => {
              settled = true;
              clearInterval(watch);
              resolve(v);
            },
            (e: Error) => fail(isNetworkError(e) ? new Retryable(e.message) : e),
          );
        },
      );
      req.setTimeout(idleMs, () => fail(new Retryable(`no answer for ${idleMs / 1000} s`)));
      req.on('close', () => clearInterval(watch));
      req.on('error', (e) => fail(isNetworkError(e) ? new Retryable(e.message) : e));
      if (!body) return void req.end();
      if (Buffer.isBuffer(body.data)) {
        this.stats.sent += body.data.length;
        pace.moved += body.data.length;
        return void req.end(body.data);
      }
      void (async () => {
        try {
          // Corked between flushes: a record's small header and its bytes leave in one writev,
          // not one syscall (and one TCP segment) each.
          req.cork();
          let corked = 0;
          for await (const b of body.data as AsyncIterable<Buffer>) {
            if (settled) return;
            this.stats.sent += b.length;
            pace.moved += b.length;
            corked += b.length;
            if (!req.write(b)) {
              req.uncork();
              corked = 0;
              await new Promise<void>((r) => {
                const done = () => {
                  req.off('drain', done);
                  req.off('close', done);
                  r();
                };
                req.on('drain', done);
                req.on('close', done);
              });
              req.cork();
            } else if (corked >= CORK_BYTES) {
              req.uncork();
              req.cork();
              corked = 0;
            }
          }
          req.uncork();
          req.end();
        } catch (e) {
          fail(e as Error);
        }
      })();
    });
  }
}

/**
 * The minimum-pace rule of one request: over any `windowMs`, at least `minBytes` must move (a
 * body being sent counts as it drains). Long transfers stay legal however long they take.
 */
class PaceWatch {
  moved = 0;
  /** [time, bytes moved by then], oldest first; the first one is at least windowMs old. */
  private samples: [number, number][] = [];
  constructor(
    private readonly windowMs: number,
    private readonly minBytes: number,
  ) {}

  /** A reason to give up, or null. */
  check(now: number): string | null {
    this.samples.push([now, this.moved]);
    while (this.samples.length > 1 && this.samples[1]![0] <= now - this.windowMs) {
      this.samples.shift();
    }
    const [since, before] = this.samples[0]!;
    if (now - since < this.windowMs || this.moved - before >= this.minBytes) return null;
    return `under ${this.minBytes} bytes in ${this.windowMs / 1000} s`;
  }
}

export async function readAll(chunks: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const b of chunks) parts.push(b);
  return Buffer.concat(parts).toString('utf8');
}

const NOT_A_HUB = 'did not answer like an Auxin hub';

/** A server that answers, but not as a hub does (a web page, someone else's API). */
export function notAHub(origin: string, why: string): AuxinError {
  return new AuxinError('NOT_A_HUB', `${origin} ${NOT_A_HUB} (${why}); check the URL`);
}

/** The hub's error answer (the one shared decoder), its message marked as the hub's words. */
export function hubError(status: number, text: string): AuxinError {
  if (isWebPage(text)) return new AuxinError('NOT_A_HUB', `HTTP ${status} with a web page`);
  const e = decodeErrorBody(status, text);
  return new AuxinError(e.code, `hub: ${e.message}`, e.details, e.status);
}

function isNetworkError(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException)?.code;
  return (
    e instanceof Retryable ||
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
      'ECONNABORTED',
      'ERR_STREAM_PREMATURE_CLOSE',
    ].includes(code ?? '') ||
    (e as Error)?.message === 'aborted'
  );
}

/**
 * What the typed client reads of a JSON answer (status, text), whole in memory already. Not a
 * `Response`: that global loads Node's bundled undici, ~20 ms of every command's start.
 */
function answered(status: number, answer: string): Response {
  const text = status === 204 ? '' : answer;
  const r = {
    status,
    ok: status >= 200 && status < 300,
    body: null,
    text: () => Promise.resolve(text),
    json: () => Promise.resolve(JSON.parse(text) as unknown),
  };
  return r as unknown as Response;
}
