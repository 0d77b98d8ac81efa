/**
 * The lock this working folder's work is made under: `auxin lock acquire` (or `keep`) notes it,
 * `release` forgets it, and `auxin push` sends its id, so the hub can refuse work made under a lock
 * an admin has since broken (423 LOCK_BROKEN) even once the lock is free again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Store } from '../store/index.js';
import type { RemoteTarget } from './remotes.js';

const FILE = 'held-lock.json';

interface HeldLock {
  url: string;
  lock_id: string;
}

const where = (t: RemoteTarget) => `${t.baseUrl}/${t.namespace}/${t.name}`;

export function noteHeldLock(store: Store, t: RemoteTarget, lockId: string): void {
  const data: HeldLock = { url: where(t), lock_id: lockId };
  fs.writeFileSync(path.join(store.root, FILE), JSON.stringify(data) + '\n');
}

export function forgetHeldLock(store: Store): void {
  fs.rmSync(path.join(store.root, FILE), { force: true });
}

/** The lock noted for this repository on this hub, if any; a damaged note is no lock. */
export function heldLockId(store: Store, t: RemoteTarget): string | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(path.join(store.root, FILE), 'utf8')) as HeldLock;
    return data.url === where(t) && typeof data.lock_id === 'string' ? data.lock_id : undefined;
  } catch {
    return undefined;
  }
}
