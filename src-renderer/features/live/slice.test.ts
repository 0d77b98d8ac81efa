import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resetStore, scriptedHub } from '../../app/testing.js';
import { useStore } from '../../app/store.js';

const row = (name: string, lock: unknown = null) => ({
  repo: {
    namespace: 'studio',
    name,
    path: `studio/${name}`,
    description: '',
    owner: 'ana',
    visibility: 'team',
    collaborators: [],
    created_at: '2026-01-01T00:00:00Z',
  },
  head: null,
  size: null,
  metadata: null,
  lock,
});

const benLock = {
  lock_id: 'l1',
  user: 'ben',
  machine_id: 'ben-mac',
  acquired_at: '2026-01-01T00:00:00Z',
  expires_at: '2026-01-01T04:00:00Z',
  last_heartbeat: '2026-01-01T00:00:00Z',
  username: 'ben',
  reason: null,
  ttl_seconds: 14400,
  namespace: 'studio',
  name: 'B.logicx',
};

beforeEach(resetStore);
afterEach(resetStore);

const activity = (type: string, name: string) => ({
  type,
  namespace: 'studio',
  name,
  data: { id: '1', type, actor: 'ben', time: '', namespace: 'studio', name, text: '', details: {} },
});

describe('the live slice', () => {
  it('refetches only the project an event names, and drops a deleted one', async () => {
    const { sent } = scriptedHub({
      'GET /api/projects': { json: [row('A.logicx'), row('B.logicx')] },
      'GET /api/projects/studio/B.logicx': { json: row('B.logicx', benLock) },
    });
    await useStore.getState().loadProjects();
    sent.length = 0;
    useStore.getState().handleEvent(activity('lock.acquired', 'B.logicx') as never);
    await new Promise((r) => setTimeout(r, 20));
    expect(sent.map((s) => s.path)).toEqual(['/api/projects/studio/B.logicx']);
    expect(useStore.getState().projects['studio/B.logicx']?.lock).toEqual(benLock);

    useStore.getState().handleEvent(activity('repo.deleted', 'A.logicx') as never);
    await new Promise((r) => setTimeout(r, 20));
    expect(Object.keys(useStore.getState().projects)).toEqual(['studio/B.logicx']);
  });

  it('tells the user a project is free only when the event is addressed to them', () => {
    useStore.setState({ user: { username: 'ana', role: 'producer', created_at: '' } });
    const free = (to: string) =>
      ({
        type: 'lock.free',
        namespace: 'studio',
        name: 'B.logicx',
        data: { text: '', namespace: 'studio', name: 'B.logicx', to },
      }) as never;
    useStore.getState().handleEvent(free('ben'));
    expect(useStore.getState().notices).toEqual([]);
    useStore.getState().handleEvent(free('ana'));
    expect(useStore.getState().notices.map((n) => n.text)).toEqual(['B is free now']);
  });

  it('shows reconnecting while the stream is down, and retries with backoff', async () => {
    // The scripted hub has no /api/events: each attempt fails (404) and is retried.
    const { sent } = scriptedHub({});
    useStore.getState().startLive();
    await new Promise((r) => setTimeout(r, 50));
    expect(useStore.getState().live).toBe('reconnecting');
    await new Promise((r) => setTimeout(r, 900));
    const attempts = sent.filter((s) => s.path === '/api/events').length;
    // At 0 s, 0.5 s, then 1.5 s: two within the first second, not a tight loop.
    expect(attempts).toBe(2);
    useStore.getState().stopLive();
    expect(useStore.getState().live).toBe('off');
  });
});
