import type {
  ActivityEvent,
  ActivityService,
  EventBus,
  HubEvent,
} from '../../src-main/hub/types.js';

/** An in-memory event bus and activity feed with the hub's contract (record also broadcasts). */
export function memoryBus(): EventBus & { events: HubEvent[] } {
  const listeners = new Set<(e: HubEvent) => void>();
  const events: HubEvent[] = [];
  return {
    events,
    publish(e) {
      events.push(e);
      for (const l of listeners) l(e);
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export function memoryActivity(bus: EventBus): ActivityService & { feed: ActivityEvent[] } {
  const feed: ActivityEvent[] = [];
  return {
    feed,
    async record(namespace, name, e) {
      const ev: ActivityEvent = {
        id: String(feed.length + 1),
        time: new Date().toISOString(),
        namespace,
        name,
        details: {},
        ...e,
      };
      feed.unshift(ev);
      bus.publish({ type: e.type, namespace, name, data: { ...ev } });
      return ev;
    },
    async list(namespace, name, opts) {
      const events = feed.filter((e) => e.namespace === namespace && e.name === name);
      return { events: events.slice(0, opts.limit), next: null };
    },
    async forget(namespace, name) {
      for (let i = feed.length - 1; i >= 0; i--) {
        if (feed[i]!.namespace === namespace && feed[i]!.name === name) feed.splice(i, 1);
      }
    },
  };
}
