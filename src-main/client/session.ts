/** What every sync command shares: a transport to one repository on one hub, and its progress. */
import { AuxinError } from '../../src-shared/errors.js';
import { resolveHub } from './credentials.js';
import { syncRoutes } from '../../src-shared/api/sync.js';
import type { RemoteTarget } from './remotes.js';
import { Transport } from './transport.js';

/** Progress callbacks (the CLI draws a bar; the desktop app its own view). */
export interface SyncProgress {
  /** More bytes of work discovered. */
  addTotal(bytes: number): void;
  /** Bytes of work done. */
  tick(bytes: number): void;
}

export const noProgress: SyncProgress = { addTotal() {}, tick() {} };

export interface SessionOptions {
  token?: string;
  /** Test knobs: the idle timeout and the retry window of every request. */
  idleMs?: number;
  retryWindowMs?: number;
  requestMs?: number;
  progressWindowMs?: number;
  minProgressBytes?: number;
}

/** Timeouts may be tuned for slow links (defaults: see TransportOptions and docs/protocol.md). */
function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

export class SyncSession {
  readonly transport: Transport;
  /** What the hub said it understands in its last `GET refs` (see SyncFeatures). */
  features = new Set<string>();
  constructor(
    readonly target: RemoteTarget,
    opts: SessionOptions = {},
  ) {
    this.transport = new Transport({
      baseUrl: target.baseUrl,
      token: opts.token,
      idleMs: opts.idleMs ?? envNumber('AUXIN_SYNC_IDLE_MS'),
      retryWindowMs: opts.retryWindowMs ?? envNumber('AUXIN_SYNC_RETRY_WINDOW_MS'),
      requestMs: opts.requestMs ?? envNumber('AUXIN_SYNC_REQUEST_MS'),
      progressWindowMs: opts.progressWindowMs ?? envNumber('AUXIN_SYNC_PROGRESS_WINDOW_MS'),
      minProgressBytes: opts.minProgressBytes ?? envNumber('AUXIN_SYNC_MIN_PROGRESS_BYTES'),
      busyWindowMs: envNumber('AUXIN_SYNC_BUSY_WINDOW_MS'),
    });
  }

  /** The repository's route parameters, for the sync routes of the table. */
  get params(): { ns: string; name: string } {
    return { ns: this.target.namespace, name: this.target.name };
  }

  /** The hub's branches, or null when the repository does not exist. */
  async refs(op: 'push' | 'pull'): Promise<Map<string, string> | null> {
    try {
      const r = await this.transport.call(syncRoutes.refs, {
        params: this.params,
        query: { op },
      });
      this.features = new Set(r.features ?? []);
      return new Map(r.branches.map((b) => [b.name, b.commit_id]));
    } catch (e) {
      if (e instanceof AuxinError && e.status === 404 && e.code !== 'UNKNOWN_REVISION') return null;
      throw e;
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** The token to use: AUXIN_TOKEN wins, then what `auxin login` stored for this hub. */
export function tokenFor(baseUrl: string): string | undefined {
  return resolveHub(baseUrl).token ?? undefined;
}

/** What a push or a pull moved, for `--json` and the progress summary. */
export interface TransferStats {
  commits: number;
  chunks: number;
  chunk_bytes: number;
  bytes_sent: number;
  bytes_received: number;
  retries: number;
  seconds: number;
}
