/**
 * Following the hub's live stream (`GET /api/events`, Server-Sent Events) from the main process:
 * reconnects with a growing delay (0.5 s to 15 s) when the hub goes away, says whether it is
 * reachable, and calls `onOpen` on every (re)connection so the caller refetches what it may have
 * missed. Events, not polling (Syncthing's event API). To be replaced by the typed client's
 * `events()` once it lands on main.
 */
import { EVENTS_PATH } from '../../src-shared/api/activity.js';
import type { StreamEvent } from './hub-state.js';

export interface FollowOptions {
  baseUrl: string;
  token: string;
  onEvent(e: StreamEvent): void;
  onStatus(s: 'online' | 'offline' | 'error', why?: string): void;
  onOpen?(): void;
  fetch?: typeof fetch;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/** Split an SSE text buffer into complete events; returns them and the unfinished rest. */
export function parseSse(buffer: string): {
  events: { type: string; data: string }[];
  rest: string;
} {
  const events: { type: string; data: string }[] = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i < 0 ? line : line.slice(0, i);
      const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) events.push({ type, data: data.join('\n') });
  }
  return { events, rest };
}

function toEvent(type: string, data: string): StreamEvent | null {
  try {
    const p = JSON.parse(data) as Partial<StreamEvent>;
    if (!p || typeof p !== 'object') return null;
    return {
      type: typeof p.type === 'string' ? p.type : type,
      ...(typeof p.namespace === 'string' ? { namespace: p.namespace } : {}),
      ...(typeof p.name === 'string' ? { name: p.name } : {}),
      data: p.data && typeof p.data === 'object' ? p.data : {},
    };
  } catch {
    return null;
  }
}

export function followEvents(o: FollowOptions): { stop(): void } {
  const doFetch = o.fetch ?? fetch;
  const min = o.minDelayMs ?? 500;
  const max = o.maxDelayMs ?? 15_000;
  const abort = new AbortController();
  let delay = min;

  const once = async (): Promise<void> => {
    const res = await doFetch(new URL(EVENTS_PATH, o.baseUrl), {
      headers: { authorization: `Bearer ${o.token}`, accept: 'text/event-stream' },
      signal: abort.signal,
    });
    if (!res.ok || !res.body) {
      await res.body?.cancel();
      o.onStatus('error', `the hub answered ${res.status}`);
      return;
    }
    delay = min;
    o.onStatus('online');
    o.onOpen?.();
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      const { events, rest } = parseSse(buffer);
      buffer = rest;
      for (const e of events) {
        const ev = toEvent(e.type, e.data);
        if (ev) o.onEvent(ev);
      }
    }
    o.onStatus('offline', 'the hub closed the stream');
  };

  void (async () => {
    while (!abort.signal.aborted) {
      try {
        await once();
      } catch (e) {
        if (abort.signal.aborted) return;
        o.onStatus('offline', (e as Error).message);
      }
      if (abort.signal.aborted) return;
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(max, delay * 2);
    }
  })();
  return { stop: () => abort.abort() };
}
