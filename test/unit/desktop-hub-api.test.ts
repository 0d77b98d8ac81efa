import { describe, expect, it } from 'vitest';
import { hubApi, hubClient } from '../../src-main/desktop/hub-api.js';

/** The hub's local-projects answers, one per request, the last repeated. */
function hubAnswering(answers: Array<{ ready: boolean; bundles: string[] }>) {
  let asked = 0;
  const fetch = async () => {
    const a = answers[Math.min(asked++, answers.length - 1)]!;
    const body = {
      watching: ['/Music/Logic'],
      ready: a.ready,
      projects: a.bundles.map((name) => ({
        path: `/Music/Logic/${name}.logicx`,
        name,
        metadata: null,
        saved_at: null,
        repo: { namespace: 'studio', name, via: 'remote', on_this_hub: true },
        lock: null,
      })),
    };
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { api: hubApi(hubClient('http://127.0.0.1:1', 'token', fetch)), asked: () => asked };
}

describe('the desktop reads its local bundles from its hub', () => {
  it('without waiting, answers what the scan has found so far', async () => {
    const hub = hubAnswering([
      { ready: false, bundles: [] },
      { ready: true, bundles: ['Song'] },
    ]);
    expect([...(await hub.api.localBundles()).keys()]).toEqual([]);
    expect(hub.asked()).toBe(1);
  });

  it('asked to wait, asks again until the first scan of the library is done', async () => {
    const hub = hubAnswering([
      { ready: false, bundles: [] },
      { ready: false, bundles: [] },
      { ready: true, bundles: ['Song'] },
    ]);
    const found = await hub.api.localBundles({ waitReadyMs: 5_000 });
    expect(found.get('studio/Song')).toBe('/Music/Logic/Song.logicx');
    expect(hub.asked()).toBe(3);
  });

  it('gives up waiting when the time is up, with what it has', async () => {
    const hub = hubAnswering([{ ready: false, bundles: ['Early'] }]);
    const t0 = Date.now();
    const found = await hub.api.localBundles({ waitReadyMs: 500 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect([...found.keys()]).toEqual(['studio/Early']);
  });
});
