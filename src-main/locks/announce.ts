import type { Logger } from 'pino';
import type { ActivityService, EventBus, Metrics } from '../core/types.js';
import type { Lock, LockEventType } from '../../src-shared/api/locks.js';

export interface AnnounceDeps {
  events?: EventBus;
  activity?: ActivityService;
  metrics?: Metrics;
  logger?: Logger;
}

function describe(type: LockEventType, lock: Lock, actor: string, reason?: string): string {
  const project = lock.name;
  switch (type) {
    case 'lock.acquired':
      return `${lock.user} locked ${project} on ${lock.machine_id} until ${lock.expires_at}`;
    case 'lock.released':
      return `${lock.user} released the lock on ${project}`;
    case 'lock.expired':
      return `The lock of ${lock.user} on ${project} expired at ${lock.expires_at}`;
    case 'lock.force_released':
      return `${actor} force-released the lock of ${lock.user} on ${project}: ${reason ?? ''}`;
    case 'lock.free':
      return `${project} is free again`;
  }
}

/**
 * Every lock change becomes an activity-feed entry, which the activity service also broadcasts on
 * the live stream; without an activity service (unit tests, tools) it goes straight to the bus.
 * A failure to record never undoes the lock change that already happened: it is logged.
 */
export async function announce(
  deps: AnnounceDeps,
  type: LockEventType,
  lock: Lock,
  actor: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const details = {
    lock_id: lock.lock_id,
    holder: lock.username,
    user: lock.user,
    machine_id: lock.machine_id,
    expires_at: lock.expires_at,
    ...extra,
  };
  const text = describe(type, lock, actor, extra.reason as string | undefined);
  deps.logger?.info({ event: type, namespace: lock.namespace, name: lock.name, ...details }, text);
  try {
    if (deps.activity) {
      await deps.activity.record(lock.namespace, lock.name, { type, actor, text, details });
    } else {
      deps.events?.publish({
        type,
        namespace: lock.namespace,
        name: lock.name,
        data: { actor, text, ...details },
      });
    }
  } catch (e) {
    deps.logger?.error({ err: e, event: type }, 'could not record a lock event');
  }
}

/** Tell each waiter, and only them, that a project is free (`to` limits delivery). */
export function notifyFree(
  deps: AnnounceDeps,
  namespace: string,
  name: string,
  waiters: string[],
): void {
  for (const to of waiters) {
    deps.events?.publish({
      type: 'lock.free',
      namespace,
      name,
      to,
      data: { text: `${name} is free again`, namespace, name, to },
    });
  }
}
