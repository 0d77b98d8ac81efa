/** The in-process event bus behind the live stream (SSE) and the desktop shell. */
import type { EventBus, HubEvent } from './types.js';

export function createEventBus(onListenerError: (e: unknown) => void): EventBus {
  const listeners = new Set<(event: HubEvent) => void>();
  return {
    publish(event) {
      for (const l of [...listeners]) {
        // One broken subscriber must not stop the others or the publisher.
        try {
          l(event);
        } catch (e) {
          onListenerError(e);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
