/** The hub's live stream, read once for the whole page (the client reads it with fetch streaming). */
import { api } from './client.js';

export interface LiveEvent {
  type: string;
  namespace?: string;
  name?: string;
  data: Record<string, unknown>;
}

export function followEvents(opts: {
  signal: AbortSignal;
  onOpen: () => void;
  onEvent: (e: LiveEvent) => void;
}): Promise<void> {
  return api().events({
    signal: opts.signal,
    onOpen: opts.onOpen,
    onEvent: (e) => opts.onEvent(e as LiveEvent),
  });
}
