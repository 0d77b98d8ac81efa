import { describe, expect, it } from 'vitest';
import { AuxinError } from '../../src-shared/errors.js';
import { followEvents } from '../../src-main/desktop/live-events.js';
import type { StreamEvent } from '../../src-main/desktop/hub-state.js';

type EventsOpts = Parameters<Parameters<typeof followEvents>[0]['client']['events']>[0];

describe('following the live stream', () => {
  it('reconnects after an outage, refetches on every open, and stops when told', async () => {
    const log: string[] = [];
    const events: StreamEvent[] = [];
    let calls = 0;
    let stopSignal: AbortSignal | null = null;
    const client = {
      async events(o: EventsOpts) {
        calls++;
        if (calls === 1) throw new AuxinError('REMOTE_UNREACHABLE', 'connection refused');
        if (calls === 2) {
          o.onOpen?.();
          o.onEvent({
            type: 'lock.free',
            namespace: 's',
            name: 'Song',
            data: { text: 't', namespace: 's', name: 'Song', to: 'me' },
          });
          return; // the hub ended the stream (it restarted)
        }
        o.onOpen?.();
        stopSignal = o.signal;
        await new Promise((r) => o.signal.addEventListener('abort', r));
      },
    };
    const f = followEvents({
      client,
      minDelayMs: 5,
      onEvent: (e) => events.push(e),
      onStatus: (s, why) => log.push(`${s}${why ? `: ${why}` : ''}`),
      onOpen: () => log.push('open'),
    });
    for (let i = 0; i < 100 && calls < 3; i++) await new Promise((r) => setTimeout(r, 5));
    expect(calls).toBe(3);
    expect(log).toEqual([
      'offline: connection refused',
      'online',
      'open',
      'offline: the hub closed the stream',
      'online',
      'open',
    ]);
    expect(events.map((e) => e.type)).toEqual(['lock.free']);
    f.stop();
    expect(stopSignal!.aborted).toBe(true);
    await new Promise((r) => setTimeout(r, 30));
    expect(calls).toBe(3);
  });

  it('a refused token is an error, not an outage', async () => {
    const log: string[] = [];
    const f = followEvents({
      client: {
        events: async () => {
          throw new AuxinError('UNAUTHORIZED', 'invalid or revoked token');
        },
      },
      minDelayMs: 1000,
      onEvent: () => {},
      onStatus: (s) => log.push(s),
    });
    await new Promise((r) => setTimeout(r, 20));
    f.stop();
    expect(log).toEqual(['error']);
  });
});
