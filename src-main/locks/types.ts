import type { Lock } from '../../src-shared/api/locks.js';

/** Which repository a lock belongs to; `path` is the store root (used by the file backend). */
export interface LockTarget {
  namespace: string;
  name: string;
  path: string;
}

/** A lock as a backend stores it: the wire object plus a revision for compare-and-swap. */
export interface StoredLock extends Lock {
  /** Changes on every write; renew and release only succeed against the revision they read. */
  rev: string;
  /** expires_at in epoch milliseconds, so backends compare numbers, not strings. */
  expires_ms: number;
}

export type AcquireResult =
  | { ok: true; /** an expired lock that this acquire replaced */ replaced: StoredLock | null }
  | { ok: false; current: StoredLock };

/**
 * The atomic primitives a lock store must offer. Every mutation is a compare-and-set so no
 * caller ever acts on a state it has not just seen: that is what keeps several hub processes
 * (file backend) or several hubs (Redis) from granting one lock twice. The lease rules (who
 * may renew, who may release) live in LockService on top.
 */
export interface LockBackend {
  readonly kind: 'file' | 'redis';
  /** The stored lock, expired or not. */
  get(t: LockTarget): Promise<StoredLock | null>;
  /** Store `lock` if there is none or the current one expired at or before `nowMs`. */
  acquire(t: LockTarget, lock: StoredLock, nowMs: number): Promise<AcquireResult>;
  /** Replace the lock whose revision is `expectedRev` (heartbeat, re-acquire by the holder). */
  renew(t: LockTarget, expectedRev: string, lock: StoredLock): Promise<boolean>;
  /** Remove the lock whose revision is `expectedRev` (release, force-release, expiry). */
  release(t: LockTarget, expectedRev: string): Promise<boolean>;
  /** Locks whose lease ended at or before `nowMs`, for the expiry timer. */
  listExpired(nowMs: number): Promise<Array<{ target: LockTarget; lock: StoredLock }>>;
  close(): Promise<void>;
}
