/**
 * The lock client shared by `auxin lock` and the desktop app's Lock & Open: one repository on
 * one hub, as the authenticated user on this machine. Every request goes through the sync
 * client's Transport (bounded retries, idle timeout); acquire and release are idempotent for
 * the holder, so a retried request cannot do harm.
 */
import { hostname } from 'node:os';
import { AuxinError } from '../../src-shared/errors.js';
import {
  lockRoutes,
  type Lock,
  type NotifyResponse,
  type ReleaseResponse,
} from '../../src-shared/api/locks.js';
import type { RemoteTarget } from './remotes.js';
import { Transport } from './transport.js';

/** This machine's identity in a lock: AUXIN_MACHINE_ID (tests, several checkouts), else the host name. */
export function machineId(env: NodeJS.ProcessEnv = process.env): string {
  return env.AUXIN_MACHINE_ID?.trim() || hostname();
}

/** `4h`, `30m`, `90s`, `2d` or plain seconds, to seconds (at least 1). */
export function parseDuration(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$/i.exec(text);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[(m?.[2] ?? '').toLowerCase()];
  const seconds = m && unit ? Math.round(Number(m[1]) * unit) : NaN;
  if (!Number.isFinite(seconds) || seconds < 1) {
    throw new AuxinError('INVALID_ARGUMENT', `not a duration: ${text} (try 4h, 30m or 90s)`);
  }
  return seconds;
}

export interface LockClientOptions {
  token?: string;
  machineId?: string;
  /** Display label sent as `user` (defaults to the account's username on the hub). */
  label?: string;
  retryWindowMs?: number;
}

export interface KeepOptions {
  ttlSeconds: number;
  reason?: string;
  /** How often to renew; defaults to a third of the lease, at most 5 minutes. */
  intervalMs?: number;
  /** Stops holding: the lock is released, then keep() resolves. */
  signal: AbortSignal;
  onAcquired?(lock: Lock): void;
  onRenewed?(lock: Lock): void;
  onRenewFailed?(e: unknown): void;
}

export class LockClient {
  private readonly transport: Transport;
  readonly machineId: string;

  constructor(
    readonly target: RemoteTarget,
    private readonly opts: LockClientOptions = {},
  ) {
    this.transport = new Transport({
      baseUrl: target.baseUrl,
      token: opts.token,
      retryWindowMs: opts.retryWindowMs,
    });
    this.machineId = opts.machineId ?? machineId();
  }

  close(): void {
    this.transport.close();
  }

  private get params(): { ns: string; name: string } {
    return { ns: this.target.namespace, name: this.target.name };
  }

  async status(): Promise<Lock | null> {
    const s = await this.transport.call(lockRoutes.status, { params: this.params });
    return s.locked ? s.lock : null;
  }

  async acquire(opts: { ttlSeconds?: number; reason?: string } = {}): Promise<Lock> {
    const body = {
      machine_id: this.machineId,
      ...(this.opts.label ? { user: this.opts.label } : {}),
      ...(opts.ttlSeconds ? { ttl_seconds: opts.ttlSeconds } : {}),
      ...(opts.reason ? { reason: opts.reason } : {}),
    };
    return this.transport.call(lockRoutes.acquire, { params: this.params, body });
  }

  async heartbeat(lockId?: string, ttlSeconds?: number): Promise<Lock> {
    const id = lockId ?? (await this.status())?.lock_id;
    if (!id) throw new AuxinError('NO_LOCK', `${this.target.name} is not locked`);
    const body = {
      lock_id: id,
      machine_id: this.machineId,
      ...(ttlSeconds ? { ttl_seconds: ttlSeconds } : {}),
    };
    return this.transport.call(lockRoutes.heartbeat, { params: this.params, body });
  }

  /** Release this machine's lock; without `lockId`, the current one (the hub checks it is ours). */
  async release(lockId?: string): Promise<ReleaseResponse> {
    const id = lockId ?? (await this.status())?.lock_id;
    if (!id) return { released: false };
    const body = { lock_id: id, machine_id: this.machineId };
    return this.transport.call(lockRoutes.release, { params: this.params, body });
  }

  async forceRelease(reason: string): Promise<ReleaseResponse> {
    return this.transport.call(lockRoutes.forceRelease, { params: this.params, body: { reason } });
  }

  async notifyWhenFree(): Promise<NotifyResponse> {
    return this.transport.call(lockRoutes.notify, { params: this.params });
  }

  /**
   * Take the lock and renew it until `signal` aborts, then release it. A renewal that fails for
   * the network is retried at the next tick; one that finds the lock gone (NO_LOCK: expired or
   * force-released) ends the hold with that error, since someone else may now have the project.
   * A release that fails throws, saying until when the lock stays.
   */
  async keep(o: KeepOptions): Promise<Lock> {
    let lock = await this.acquire({ ttlSeconds: o.ttlSeconds, reason: o.reason });
    o.onAcquired?.(lock);
    const every = o.intervalMs ?? Math.max(1000, Math.min((o.ttlSeconds * 1000) / 3, 300_000));
    while (!o.signal.aborted) {
      await sleep(every, o.signal);
      if (o.signal.aborted) break;
      try {
        lock = await this.heartbeat(lock.lock_id, o.ttlSeconds);
        o.onRenewed?.(lock);
      } catch (e) {
        if (e instanceof AuxinError && (e.code === 'NO_LOCK' || e.code === 'NOT_LOCK_HOLDER'))
          throw e;
        o.onRenewFailed?.(e);
      }
    }
    // A release that fails (the hub is down) must say so: the project stays locked until expiry.
    try {
      await this.release(lock.lock_id);
    } catch (e) {
      throw new AuxinError(
        e instanceof AuxinError ? e.code : 'UNAVAILABLE',
        `could not release the lock on ${this.target.name}; it stays until ${lock.expires_at}: ${(e as Error).message}`,
      );
    }
    return lock;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** `auxin push --release`: give the lock back after a successful push; says what happened. */
export async function releaseAfterPush(
  target: RemoteTarget,
  token: string | undefined,
): Promise<ReleaseResponse & { text: string }> {
  const client = new LockClient(target, { token });
  try {
    const r = await client.release();
    return {
      ...r,
      text: r.released ? `released the lock on ${target.name}` : `${target.name} was not locked`,
    };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    const code = e instanceof AuxinError ? e.code : 'INTERNAL';
    throw new AuxinError(code, `pushed, but the lock was not released: ${why}`);
  }
}
