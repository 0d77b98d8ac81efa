/** The hub's live stream, read once for the whole page (the shared client reads it with fetch). */
import type { LiveEvent } from '../../src-shared/api/events.js';
import { api } from './client.js';

export type { LiveEvent };

export function followEvents(opts: {
  signal: AbortSignal;
  onOpen: () => void;
  onEvent: (e: LiveEvent) => void;
}): Promise<void> {
  return api().events(opts);
}
