import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';

const LOCKS = '/api/repos/studio/Song/locks';

/** Read a live stream (SSE) in the background, collecting `{event, data}` frames. */
function listen(t: TestHub, token: string) {
  const frames: Array<{ event: string; data: Record<string, unknown> }> = [];
  const abort = new AbortController();
  const ready = fetch(`${t.url}/api/events?repo=studio/Song`, {
    headers: { authorization: `Bearer ${token}` },
    signal: abort.signal,
  }).then(async (res) => {
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buf = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buf += decoder.decode(value, { stream: true });
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1];
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (event && data)
              frames.push({ event, data: JSON.parse(data) as Record<string, unknown> });
          }
        }
      } catch {
        // aborted at the end of the test
      }
    })();
  });
  return { frames, ready, stop: () => abort.abort() };
}

describe('lock events on the live stream', () => {
  let t: TestHub;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    t = await startHub();
    for (const u of ['ana', 'bob', 'carol']) tokens[u] = await addUser(t, u, 'producer');
    await t.req('/api/repos/studio/Song', { method: 'POST', json: {} });
  });
  afterAll(async () => {
    await t.stop();
  });

  it('broadcasts lock changes and tells only the waiter that the project is free', async () => {
    const bob = listen(t, tokens.bob!);
    const carol = listen(t, tokens.carol!);
    await Promise.all([bob.ready, carol.ready]);
    const as = (who: string, path: string, json: unknown) =>
      t.req(`${LOCKS}/${path}`, { method: 'POST', token: tokens[who]!, json });
    const lock = (await (await as('ana', 'acquire', { machine_id: 'mac' })).json()) as {
      lock_id: string;
    };
    expect(await (await as('bob', 'notify', {})).json()).toMatchObject({ waiting: true });
    expect((await as('ana', 'release', { lock_id: lock.lock_id })).status).toBe(200);

    const until = async (pred: () => boolean) => {
      const end = Date.now() + 5000;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    };
    const targeted = (f: { event: string; data: Record<string, unknown> }) =>
      f.event === 'lock.free' && (f.data.data as Record<string, unknown>).to === 'bob';
    await until(() => bob.frames.some(targeted));
    await until(() => carol.frames.some((f) => f.event === 'lock.released'));
    bob.stop();
    carol.stop();
    expect(bob.frames.map((f) => f.event)).toEqual(
      expect.arrayContaining(['lock.acquired', 'lock.released']),
    );
    expect(bob.frames.some(targeted)).toBe(true);
    expect(carol.frames.map((f) => f.event)).toEqual(
      expect.arrayContaining(['lock.acquired', 'lock.released']),
    );
    expect(carol.frames.some(targeted)).toBe(false);
  });
});
