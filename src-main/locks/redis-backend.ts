import { Redis } from 'ioredis';
import { AuxinError } from '../../src-shared/errors.js';
import type { AcquireResult, LockBackend, LockTarget, StoredLock } from './types.js';

/**
 * Locks in Redis, for several hubs on several machines. Each lock is one key holding the JSON
 * record, written only by Lua scripts that compare before they set (set-if-absent-or-expired,
 * compare-and-renew, compare-and-release), so Redis's single-threaded script execution is what
 * makes them atomic. A sorted set indexes keys by expiry so the timer scan is one ZRANGEBYSCORE.
 * Keys carry a PX a minute longer than the lease: the hub, not Redis, decides a lease is over (so
 * it can announce it), and the PX only collects what no hub was alive to announce.
 */
const GRACE_MS = 60_000;
/** A Redis command that has not answered by then fails the request with 503 UNAVAILABLE. */
const COMMAND_TIMEOUT_MS = 5_000;

const ACQUIRE = `
local cur = redis.call('GET', KEYS[1])
if cur then
  local ok, c = pcall(cjson.decode, cur)
  if ok and type(c) == 'table' and tonumber(c.expires_ms) and tonumber(c.expires_ms) > tonumber(ARGV[2]) then
    return {0, cur}
  end
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[4])
else
  if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[4]) then return {0, ''} end
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
if cur then return {2, cur} end
return {1, ''}
`;

const RENEW = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, c = pcall(cjson.decode, cur)
if not ok or type(c) ~= 'table' or c.rev ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
return 1
`;

const RELEASE = `
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local ok, c = pcall(cjson.decode, cur)
if not ok or type(c) ~= 'table' or c.rev ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
return 1
`;

const PRUNE = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) end
return 1
`;

interface LockCommands {
  auxinLockAcquire(...args: (string | number)[]): Promise<[number, string]>;
  auxinLockRenew(...args: (string | number)[]): Promise<number>;
  auxinLockRelease(...args: (string | number)[]): Promise<number>;
  auxinLockPrune(...args: (string | number)[]): Promise<number>;
}

/** Redis down or unreachable is a 503 for the caller, not a bug. */
async function reachable<T>(op: Promise<T>): Promise<T> {
  try {
    return await op;
  } catch (e) {
    if (e instanceof AuxinError) throw e;
    throw new AuxinError('UNAVAILABLE', `lock store (Redis) unavailable: ${(e as Error).message}`);
  }
}

function parse(raw: string | null): StoredLock | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as StoredLock;
  } catch {
    return null;
  }
}

export class RedisLockBackend implements LockBackend {
  readonly kind = 'redis' as const;
  private readonly redis: Redis & LockCommands;
  private readonly zset: string;

  constructor(
    url: string,
    private readonly prefix = 'auxin:',
    opts: { commandTimeoutMs?: number } = {},
  ) {
    // The retry limit covers a Redis that refuses connections; the command timeout one that
    // accepts them and never answers (frozen, or cut off with the connection still open),
    // which would otherwise hold every lock request and every push (the fence asks) forever.
    const r = new Redis(url, {
      maxRetriesPerRequest: 3,
      connectTimeout: 5000,
      commandTimeout: opts.commandTimeoutMs ?? COMMAND_TIMEOUT_MS,
    });
    r.defineCommand('auxinLockAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    r.defineCommand('auxinLockRenew', { numberOfKeys: 2, lua: RENEW });
    r.defineCommand('auxinLockRelease', { numberOfKeys: 2, lua: RELEASE });
    r.defineCommand('auxinLockPrune', { numberOfKeys: 2, lua: PRUNE });
    // ioredis reports connection trouble on 'error'; the failing command rejects on its own.
    r.on('error', () => {});
    this.redis = r as Redis & LockCommands;
    this.zset = `${prefix}lock-expiry`;
  }

  private member(t: { namespace: string; name: string }): string {
    return `${encodeURIComponent(t.namespace)}/${encodeURIComponent(t.name)}`;
  }

  private key(member: string): string {
    return `${this.prefix}lock:${member}`;
  }

  async get(t: LockTarget): Promise<StoredLock | null> {
    return parse(await reachable(this.redis.get(this.key(this.member(t)))));
  }

  async acquire(t: LockTarget, lock: StoredLock, nowMs: number): Promise<AcquireResult> {
    const m = this.member(t);
    const px = Math.max(1, lock.expires_ms - nowMs) + GRACE_MS;
    const [code, cur] = await reachable(
      this.redis.auxinLockAcquire(
        this.key(m),
        this.zset,
        JSON.stringify(lock),
        nowMs,
        lock.expires_ms,
        px,
        m,
      ),
    );
    if (code === 0) {
      const current = parse(cur) ?? (await this.get(t));
      // The holder vanished between SET NX and GET: report it as held; the caller retries.
      return current ? { ok: false, current } : { ok: false, current: lock };
    }
    return { ok: true, replaced: code === 2 ? parse(cur) : null };
  }

  async renew(t: LockTarget, expectedRev: string, lock: StoredLock): Promise<boolean> {
    const m = this.member(t);
    const px = Math.max(1, lock.expires_ms - Date.now()) + GRACE_MS;
    const r = await reachable(
      this.redis.auxinLockRenew(
        this.key(m),
        this.zset,
        expectedRev,
        JSON.stringify(lock),
        lock.expires_ms,
        px,
        m,
      ),
    );
    return r === 1;
  }

  async release(t: LockTarget, expectedRev: string): Promise<boolean> {
    const m = this.member(t);
    return (
      (await reachable(this.redis.auxinLockRelease(this.key(m), this.zset, expectedRev, m))) === 1
    );
  }

  async listExpired(nowMs: number): Promise<Array<{ target: LockTarget; lock: StoredLock }>> {
    const members = await reachable(
      this.redis.zrangebyscore(this.zset, '-inf', nowMs, 'LIMIT', 0, 1000),
    );
    if (members.length === 0) return [];
    const values = await this.redis.mget(...members.map((m) => this.key(m)));
    const out: Array<{ target: LockTarget; lock: StoredLock }> = [];
    for (let i = 0; i < members.length; i++) {
      const m = members[i]!;
      const lock = parse(values[i] ?? null);
      if (!lock) {
        await this.redis.auxinLockPrune(this.key(m), this.zset, m);
        continue;
      }
      if (lock.expires_ms <= nowMs) {
        out.push({ target: { namespace: lock.namespace, name: lock.name, path: '' }, lock });
      }
    }
    return out;
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
