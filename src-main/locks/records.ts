/** Building lock records and the errors that name their holder. */
import { randomUUID } from 'node:crypto';
import { AuxinError } from '../../src-shared/errors.js';
import type { Lock } from '../../src-shared/api/locks.js';
import type { AcquireInput } from './service.js';
import type { LockTarget, StoredLock } from './types.js';

export const iso = (ms: number) => new Date(ms).toISOString();

/** The wire object: the stored record without the backend's bookkeeping. */
export function publicLock(s: StoredLock): Lock {
  const { rev: _rev, expires_ms: _e, ...lock } = s;
  return lock;
}

/** A fresh record: a new revision, the lease counted from `now`. */
export function newRecord(
  t: LockTarget,
  username: string,
  input: AcquireInput,
  now: number,
  lockId: string,
  acquiredMs: number,
): StoredLock {
  const expires = now + input.ttl_seconds * 1000;
  return {
    lock_id: lockId,
    user: input.user?.trim() || username,
    machine_id: input.machine_id,
    acquired_at: iso(acquiredMs),
    expires_at: iso(expires),
    last_heartbeat: iso(now),
    username,
    reason: input.reason ?? null,
    ttl_seconds: input.ttl_seconds,
    namespace: t.namespace,
    name: t.name,
    rev: randomUUID(),
    expires_ms: expires,
  };
}

export function assertHolder(cur: StoredLock, username: string, machineId?: string | null): void {
  if (cur.username !== username || (machineId && machineId !== cur.machine_id)) {
    throw new AuxinError(
      'NOT_LOCK_HOLDER',
      `${cur.name} is locked by ${cur.user} on ${cur.machine_id}; only the holder may do this`,
      {
        holder: cur.username,
        user: cur.user,
        machine_id: cur.machine_id,
        expires_at: cur.expires_at,
      },
    );
  }
}

export function heldError(cur: Lock, status: 409 | 423): AuxinError {
  return new AuxinError(
    'LOCK_HELD',
    `${cur.name} is locked by ${cur.user} on ${cur.machine_id} until ${cur.expires_at}`,
    {
      holder: cur.username,
      user: cur.user,
      machine_id: cur.machine_id,
      expires_at: cur.expires_at,
      lock: 'rev' in cur ? publicLock(cur as StoredLock) : cur,
    },
    status,
  );
}
