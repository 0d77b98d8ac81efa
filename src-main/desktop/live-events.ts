/**
 * Following the hub's live stream from the main process with the typed client's `events()`:
 * reconnects with a growing delay (0.5 s to 15 s) when the hub goes away, says whether it is
 * reachable, and calls `onOpen` on every (re)connection so the caller refetches what it may have
 * missed. Events, not polling (Syncthing's event API).
 */
import type { ApiClient } from '../../src-shared/api/client.js';
import { AuxinError } from '../../src-shared/errors.js';
import type { StreamEvent } from './hub-state.js';

export interface FollowOptions {
  client: Pick<ApiClient, 'events'>;
  onEvent(e: StreamEvent): void;
  onStatus(s: 'online' | 'offline' | 'error', why?: string): void;
  onOpen?(): void;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export function followEvents(o: FollowOptions): { stop(): void } {
  const min = o.minDelayMs ?? 500;
  const max = o.maxDelayMs ?? 15_000;
  const abort = new AbortController();
  let delay = min;

  void (async () => {
    while (!abort.signal.aborted) {
      try {
        await o.client.events({
          signal: abort.signal,
          onOpen: () => {
            delay = min;
            o.onStatus('online');
            o.onOpen?.();
          },
          onEvent: (e) => o.onEvent(e as StreamEvent),
        });
        if (!abort.signal.aborted) o.onStatus('offline', 'the hub closed the stream');
      } catch (e) {
        if (abort.signal.aborted) return;
        // A refused token or a stream limit is the hub answering: an error, not an outage.
        const answered = e instanceof AuxinError && e.status < 500;
        o.onStatus(answered ? 'error' : 'offline', (e as Error).message);
      }
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(max, delay * 2);
    }
  })();
  return { stop: () => abort.abort() };
}
