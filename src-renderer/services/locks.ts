/** Lock actions for the page: take, renew, give back, break (admin or owner), wait for free. */
import { lockRoutes, type Lock } from '../../src-shared/api/locks.js';
import { api } from './client.js';
import { machineId } from './machine.js';

export function acquireLock(
  ns: string,
  name: string,
  opts: { reason?: string; ttlSeconds?: number },
): Promise<Lock> {
  return api().call(lockRoutes.acquire, {
    params: { ns, name },
    body: {
      machine_id: machineId(),
      reason: opts.reason || null,
      ttl_seconds: opts.ttlSeconds ?? null,
    },
  });
}

/** The holder renews from any of their machines: the lock's own machine is named. */
export function renewLock(lock: Lock): Promise<Lock> {
  return api().call(lockRoutes.heartbeat, {
    params: { ns: lock.namespace, name: lock.name },
    body: { lock_id: lock.lock_id, machine_id: lock.machine_id },
  });
}

export async function releaseLock(lock: Lock): Promise<void> {
  await api().call(lockRoutes.release, {
    params: { ns: lock.namespace, name: lock.name },
    body: { lock_id: lock.lock_id, machine_id: lock.machine_id },
  });
}

export async function forceReleaseLock(ns: string, name: string, reason: string): Promise<void> {
  await api().call(lockRoutes.forceRelease, { params: { ns, name }, body: { reason } });
}

export async function notifyWhenFree(ns: string, name: string): Promise<boolean> {
  return (await api().call(lockRoutes.notify, { params: { ns, name } })).waiting;
}
