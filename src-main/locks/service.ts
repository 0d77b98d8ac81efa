import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AuxinError } from '../../src-shared/errors.js';
import type { Lock } from '../../src-shared/api/locks.js';
import { assertHolder, heldError, iso, newRecord, publicLock } from './records.js';
import { announce, notifyFree, type AnnounceDeps } from './announce.js';
import type { LockBackend, LockTarget, StoredLock } from './types.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { readStateFileSync, STATE_VERSION } from '../core/state-file.js';

export interface LockServiceOptions extends AnnounceDeps {
  backend: LockBackend;
  /** The clock, for tests; epoch milliseconds. */
  now?: () => number;
  /** How often the expiry timer looks; expiry is noticed within this plus one scan. */
  scanIntervalMs?: number;
  /**
   * Where the waiters (`notifyWhenFree`) are kept, so a restarted hub still tells them; the
   * first scan after a start tells those whose lock went while the hub was down. Without it they
   * live in memory only.
   */
  waitersFile?: string;
}

const WaiterSchema = z.object({
  namespace: z.string().min(1),
  name: z.string().min(1),
  path: z.string(),
  users: z.array(z.string()),
});

/** The waiters file: one entry per locked project someone asked about (format 1). */
const WaitersFileSchema = z.object({
  version: z.literal(STATE_VERSION).optional(),
  waiters: z.array(z.unknown()).catch([]),
});
type WaitersFile = { version: 1; waiters: z.infer<typeof WaiterSchema>[] };

export { heldError, publicLock };

export interface AcquireInput {
  machine_id: string;
  ttl_seconds: number;
  user?: string | null;
  reason?: string | null;
}

/** Up to this many compare-and-set rounds when another writer keeps changing the lock under us. */
const MAX_ROUNDS = 50;

/**
 * Lease semantics on top of a LockBackend's compare-and-set primitives: who may acquire, renew,
 * release and force-release, the expiry timer, the waiters, and the events of every change.
 */
export class LockService {
  private readonly backend: LockBackend;
  private readonly now: () => number;
  private readonly waiters = new Map<string, { target: LockTarget; users: Set<string> }>();
  private timer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private scanFailing = false;
  /** Saves of the waiters file, one after the other. */
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly opts: LockServiceOptions) {
    this.backend = opts.backend;
    this.now = opts.now ?? Date.now;
  }

  get kind(): 'file' | 'redis' {
    return this.backend.kind;
  }

  /** Start the expiry timer (unref'd: it never keeps a process alive by itself). */
  start(): this {
    if (this.timer) return this;
    this.loadWaiters();
    this.timer = setInterval(() => void this.scan(), this.opts.scanIntervalMs ?? 500);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.scanning;
    await this.saving;
    await this.backend.close();
  }

  /**
   * Waiters a previous run left; a damaged file is reported and set aside, never fatal, and an
   * entry that does not fit the schema is skipped (its project's waiters are asked again).
   */
  private loadWaiters(): void {
    const file = this.opts.waitersFile;
    if (!file) return;
    let data: z.output<typeof WaitersFileSchema> | null;
    try {
      data = readStateFileSync(file, WaitersFileSchema);
    } catch (e) {
      this.opts.logger?.warn({ err: e, file }, 'lock waiters file unreadable; starting without it');
      return;
    }
    for (const entry of data?.waiters ?? []) {
      const parsed = WaiterSchema.safeParse(entry);
      if (!parsed.success) continue;
      const w = parsed.data;
      const users = w.users.filter((u) => u.length > 0);
      if (users.length === 0) continue;
      const key = `${w.namespace}/${w.name}`;
      const cur = this.waiters.get(key) ?? {
        target: { namespace: w.namespace, name: w.name, path: w.path },
        users: new Set<string>(),
      };
      for (const u of users) cur.users.add(u);
      this.waiters.set(key, cur);
    }
  }

  /** Write the waiters file (when there is one) after every change; a failure is logged. */
  private saveWaiters(): Promise<void> {
    const file = this.opts.waitersFile;
    if (!file) return Promise.resolve();
    this.saving = this.saving.then(async () => {
      const data: WaitersFile = {
        version: 1,
        waiters: [...this.waiters.values()].map((w) => ({
          namespace: w.target.namespace,
          name: w.target.name,
          path: w.target.path,
          users: [...w.users],
        })),
      };
      await writeFileAtomic(file, JSON.stringify(data, null, 2)).catch((e: unknown) =>
        this.opts.logger?.error({ err: e, file }, 'could not save the lock waiters'),
      );
    });
    return this.saving;
  }

  /** The live lock, or null; a lease found over is announced as expired on the way. */
  async status(t: LockTarget): Promise<Lock | null> {
    const cur = await this.backend.get(t);
    if (!cur) return null;
    if (cur.expires_ms > this.now()) return publicLock(cur);
    await this.expire(t, cur);
    return null;
  }

  async acquire(t: LockTarget, username: string, input: AcquireInput): Promise<Lock> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.now();
      const fresh = newRecord(t, username, input, now, randomUUID(), now);
      const r = await this.backend.acquire(t, fresh, now);
      if (r.ok) {
        if (r.replaced) await this.announceExpired(t, r.replaced);
        this.count('acquire', 'granted');
        await announce(this.opts, 'lock.acquired', publicLock(fresh), username, {
          reason: fresh.reason,
          ttl_seconds: fresh.ttl_seconds,
        });
        return publicLock(fresh);
      }
      const cur = r.current;
      if (cur.username !== username || cur.machine_id !== input.machine_id) {
        this.count('acquire', 'held');
        throw heldError(cur, 409);
      }
      // The same holder asking again gets the same lock, renewed.
      const renewed = newRecord(t, username, input, now, cur.lock_id, Date.parse(cur.acquired_at));
      renewed.reason = input.reason ?? cur.reason;
      if (await this.backend.renew(t, cur.rev, renewed)) {
        this.count('acquire', 'renewed');
        return publicLock(renewed);
      }
    }
    throw new AuxinError('UNAVAILABLE', 'the lock kept changing; try again');
  }

  async heartbeat(
    t: LockTarget,
    username: string,
    input: { lock_id: string; machine_id?: string | null; ttl_seconds?: number | null },
  ): Promise<Lock> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const cur = await this.live(t);
      if (!cur || cur.lock_id !== input.lock_id) {
        throw new AuxinError(
          'NO_LOCK',
          `no lock ${input.lock_id} on ${t.name}: it was released or expired`,
        );
      }
      assertHolder(cur, username, input.machine_id);
      const now = this.now();
      const ttl = input.ttl_seconds ?? cur.ttl_seconds;
      const renewed: StoredLock = {
        ...cur,
        rev: randomUUID(),
        ttl_seconds: ttl,
        last_heartbeat: iso(now),
        expires_ms: now + ttl * 1000,
        expires_at: iso(now + ttl * 1000),
      };
      if (await this.backend.renew(t, cur.rev, renewed)) {
        this.count('heartbeat', 'renewed');
        return publicLock(renewed);
      }
    }
    throw new AuxinError('UNAVAILABLE', 'the lock kept changing; try again');
  }

  /** Release by the holder; a lock already gone is a success with `released: false`. */
  async release(
    t: LockTarget,
    username: string,
    input: { lock_id?: string | null; machine_id?: string | null },
  ): Promise<{ released: boolean; lock?: Lock }> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const cur = await this.live(t);
      if (!cur) return { released: false };
      assertHolder(cur, username, input.machine_id);
      if (input.lock_id && input.lock_id !== cur.lock_id) return { released: false };
      if (await this.backend.release(t, cur.rev)) {
        const lock = publicLock(cur);
        this.count('release', 'released');
        await announce(this.opts, 'lock.released', lock, username);
        await this.freed(t);
        return { released: true, lock };
      }
    }
    throw new AuxinError('UNAVAILABLE', 'the lock kept changing; try again');
  }

  /** Break someone's lock (the route checks that `actor` is an admin or the owner). */
  async forceRelease(
    t: LockTarget,
    actor: string,
    reason: string,
  ): Promise<{ released: boolean; lock?: Lock }> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const cur = await this.live(t);
      if (!cur) return { released: false };
      if (await this.backend.release(t, cur.rev)) {
        const lock = publicLock(cur);
        this.count('force_release', 'released');
        await announce(this.opts, 'lock.force_released', lock, actor, {
          reason,
          by: actor,
          former_holder: cur.username,
        });
        await this.freed(t);
        return { released: true, lock };
      }
    }
    throw new AuxinError('UNAVAILABLE', 'the lock kept changing; try again');
  }

  /** Ask to be told (a `lock.free` event addressed to `username`) when the lock goes. */
  async notifyWhenFree(
    t: LockTarget,
    username: string,
  ): Promise<{ locked: boolean; waiting: boolean; lock?: Lock }> {
    const lock = await this.status(t);
    if (!lock) return { locked: false, waiting: false };
    const key = `${t.namespace}/${t.name}`;
    const w = this.waiters.get(key) ?? { target: t, users: new Set<string>() };
    w.users.add(username);
    this.waiters.set(key, w);
    await this.saveWaiters();
    return { locked: true, waiting: true, lock };
  }

  /**
   * The repository was deleted: drop its lock and its waiters without a word, since its feed
   * went with it. A Redis lock outlives the folder, so a repository created again under the
   * name would otherwise start locked by the old holder.
   */
  async forget(t: LockTarget): Promise<void> {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const cur = await this.backend.get(t);
      if (!cur || (await this.backend.release(t, cur.rev))) break;
    }
    if (this.waiters.delete(`${t.namespace}/${t.name}`)) await this.saveWaiters();
  }

  /**
   * The push fence: anyone but the holder is refused with 423 while the lock is live, and so is
   * the holder's own account pushing from another machine (a laptop while the studio Mac holds
   * the project). A push that names no machine (an older client) is fenced by user alone.
   */
  async checkPush(t: LockTarget, username: string, machineId?: string): Promise<void> {
    const lock = await this.status(t);
    if (!lock) return;
    if (lock.username !== username || (machineId && machineId !== lock.machine_id)) {
      throw heldError(lock, 423);
    }
  }

  /** One pass of the expiry timer; also notices locks freed by other hub processes. */
  scan(): Promise<void> {
    if (this.scanning) return this.scanning;
    this.scanning = (async () => {
      try {
        for (const { target, lock } of await this.backend.listExpired(this.now())) {
          await this.expire(target, lock);
        }
        for (const [key, w] of this.waiters) {
          if (this.waiters.get(key) === w && !(await this.live(w.target)))
            await this.freed(w.target);
        }
        this.scanFailing = false;
      } catch (e) {
        // Say it once per outage (Redis down), not twice a second.
        if (!this.scanFailing) this.opts.logger?.error({ err: e }, 'lock expiry scan failed');
        this.scanFailing = true;
      } finally {
        this.scanning = null;
      }
    })();
    return this.scanning;
  }

  /** One Prometheus series for every lock operation (the hub declares auxin_locks_total). */
  private count(op: string, result: string): void {
    this.opts.metrics?.inc('auxin_locks_total', 1, { op, result, backend: this.kind });
  }

  private async live(t: LockTarget): Promise<StoredLock | null> {
    const cur = await this.backend.get(t);
    if (!cur) return null;
    if (cur.expires_ms > this.now()) return cur;
    await this.expire(t, cur);
    return null;
  }

  /** Remove an expired lease; whoever's compare-and-release wins announces it, exactly once. */
  private async expire(t: LockTarget, lock: StoredLock): Promise<void> {
    if (await this.backend.release(t, lock.rev)) {
      await this.announceExpired(t, lock);
      await this.freed(t);
    }
  }

  private async announceExpired(_t: LockTarget, lock: StoredLock): Promise<void> {
    this.count('expire', 'expired');
    await announce(this.opts, 'lock.expired', publicLock(lock), 'hub', {
      late_ms: Math.max(0, this.now() - lock.expires_ms),
    });
  }

  private async freed(t: LockTarget): Promise<void> {
    const key = `${t.namespace}/${t.name}`;
    const w = this.waiters.get(key);
    if (!w) return;
    this.waiters.delete(key);
    await this.saveWaiters();
    const users = [...w.users];
    notifyFree(this.opts, t.namespace, t.name, users);
    await this.opts.activity
      ?.record(t.namespace, t.name, {
        type: 'lock.free',
        actor: 'hub',
        text: `${t.name} is free again; told ${users.join(', ')}`,
        details: { notified: users },
      })
      .catch((e: unknown) => this.opts.logger?.error({ err: e }, 'could not record lock.free'));
  }
}
