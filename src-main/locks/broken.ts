/**
 * Force-released locks, remembered per (repository, user, machine) until that holder locks again.
 * Without this memory, a holder whose lock an admin broke could still push what they made under
 * it once nobody else took the lock: their push would land on top of a decision to stop them.
 * Kept in a file next to the waiters, so a restarted hub still refuses the stale push.
 */
import * as fs from 'node:fs';
import type { Logger } from 'pino';
import { AuxinError } from '../../src-shared/errors.js';
import type { Lock } from '../../src-shared/api/locks.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import type { LockTarget } from './types.js';

export interface BrokenLock {
  namespace: string;
  name: string;
  username: string;
  machine_id: string;
  lock_id: string;
  /** Who broke it, when and why. */
  by: string;
  at: string;
  reason: string;
}

const key = (t: { namespace: string; name: string }, user: string, machine: string) =>
  JSON.stringify([t.namespace, t.name, user, machine]);

export class BrokenLocks {
  private readonly entries = new Map<string, BrokenLock>();
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly file?: string,
    private readonly logger?: Logger,
  ) {
    this.load();
  }

  /** A damaged file is reported and set aside: the hub starts, forgetting nothing else. */
  private load(): void {
    if (!this.file) return;
    let data: { broken?: unknown };
    try {
      data = JSON.parse(fs.readFileSync(this.file, 'utf8')) as { broken?: unknown };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger?.warn({ err: e, file: this.file }, 'broken-locks file unreadable; ignored');
      }
      return;
    }
    const str = (v: unknown): v is string => typeof v === 'string';
    for (const b of Array.isArray(data.broken) ? (data.broken as Partial<BrokenLock>[]) : []) {
      const fields = [b.namespace, b.name, b.username, b.machine_id, b.lock_id, b.by, b.at];
      if (!fields.every(str) || !str(b.reason)) continue;
      this.entries.set(key(b as BrokenLock, b.username!, b.machine_id!), b as BrokenLock);
    }
  }

  private save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    this.saving = this.saving.then(() =>
      writeFileAtomic(file, JSON.stringify({ broken: [...this.entries.values()] }, null, 2)).catch(
        (e: unknown) => this.logger?.error({ err: e, file }, 'could not save the broken locks'),
      ),
    );
    return this.saving;
  }

  remember(lock: Lock, by: string, reason: string, now: number): Promise<void> {
    const b: BrokenLock = {
      namespace: lock.namespace,
      name: lock.name,
      username: lock.username,
      machine_id: lock.machine_id,
      lock_id: lock.lock_id,
      by,
      at: new Date(now).toISOString(),
      reason,
    };
    this.entries.set(key(lock, lock.username, lock.machine_id), b);
    return this.save();
  }

  /** The holder locked again: what they push from now on is made under the new lock. */
  async relocked(t: LockTarget, username: string, machineId: string): Promise<void> {
    if (this.entries.delete(key(t, username, machineId))) await this.save();
  }

  /** The repository was deleted: its broken locks go with it. */
  async forgetRepo(t: LockTarget): Promise<void> {
    let changed = false;
    for (const [k, b] of this.entries) {
      if (b.namespace === t.namespace && b.name === t.name) changed = this.entries.delete(k);
    }
    if (changed) await this.save();
  }

  /**
   * The broken lock a push comes from: the one it says it was made under, else the user's on
   * that machine (any of the user's, from a client that names no machine).
   */
  find(t: LockTarget, username: string, machineId?: string, lockId?: string): BrokenLock | null {
    for (const b of this.entries.values()) {
      if (b.namespace !== t.namespace || b.name !== t.name) continue;
      if (lockId && b.lock_id === lockId) return b;
      if (b.username === username && (!machineId || b.machine_id === machineId)) return b;
    }
    return null;
  }

  flush(): Promise<void> {
    return this.saving;
  }
}

/** 423 for a push from a holder whose lock was broken: who broke it, when, and why. */
export function brokenError(b: BrokenLock): AuxinError {
  return new AuxinError(
    'LOCK_BROKEN',
    `push refused: ${b.by} broke your lock on ${b.name} (machine ${b.machine_id}) at ${b.at}: "${b.reason}". ` +
      'Lock it again (auxin lock acquire), check what changed (auxin pull), then push',
    {
      broken_by: b.by,
      broken_at: b.at,
      reason: b.reason,
      lock_id: b.lock_id,
      holder: b.username,
      machine_id: b.machine_id,
    },
  );
}
