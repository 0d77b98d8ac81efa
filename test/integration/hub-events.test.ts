import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, addUser, startHub, type TestHub } from './helpers/hub.js';
import * as path from 'node:path';
import { openSse } from './helpers/sse.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let ana: string;
let bob: string;
beforeAll(async () => {
  t = await startHub({ heartbeatMs: 100 });
  ana = await addUser(t, 'ana', 'producer');
  bob = await addUser(t, 'bob', 'client');
});
afterAll(async () => {
  await t.stop();
});

describe('live event stream (SSE)', () => {
  it('needs a token, by header or by query for EventSource', async () => {
    expect((await fetch(`${t.url}/api/events`)).status).toBe(401);
    expect((await fetch(`${t.url}/api/events?token=wrong-token-123456`)).status).toBe(401);
    const q = await openSse(`${t.url}/api/events?token=${encodeURIComponent(bob)}`);
    expect(q.status).toBe(200);
    expect(q.contentType).toContain('text/event-stream');
    q.reader.abort();
  });

  it('delivers events the user may read, filters by repository, and sends heartbeats', async () => {
    const all = await openSse(`${t.url}/api/events`, { Authorization: `Bearer ${bob}` });
    expect(all.status).toBe(200);
    await t.req('/api/repos/team/One', { method: 'POST', token: ana });
    await t.req('/api/repos/team/Two', { method: 'POST', token: ana });
    const v = { message: 'v1', files: { ProjectData: 'one' } };
    const [c1] = await seedRepo(path.join(t.dataDir, 'team', 'One'), [v]);
    const [c2] = await seedRepo(path.join(t.dataDir, 'team', 'Two'), [v]);
    const one = await openSse(`${t.url}/api/events?repo=${encodeURIComponent('team/Two')}`, {
      Authorization: `Bearer ${ana}`,
    });
    expect(one.status).toBe(200);
    await t.req(`/api/repos/team/Two/commits/${c2}/comments`, {
      method: 'POST',
      token: ana,
      json: { body: 'two' },
    });
    await t.req('/api/repos/team/Secret', {
      method: 'POST',
      token: ana,
      json: { visibility: 'private' },
    });
    await t.req(`/api/repos/team/One/commits/${c1}/comments`, {
      method: 'POST',
      token: ana,
      json: { body: 'hi' },
    });

    await all.reader.until((r) =>
      r.events.some((e) => e.event === 'comment.added' && e.data.name === 'One'),
    );
    const seen = all.reader.events.map((e) => `${e.event} ${e.data.namespace}/${e.data.name}`);
    expect(seen).toEqual([
      'repo.created team/One',
      'repo.created team/Two',
      'comment.added team/Two',
      'comment.added team/One',
    ]);
    expect(all.reader.events[3]!.data.data).toMatchObject({ actor: 'ana', type: 'comment.added' });

    await one.reader.until((r) => r.events.length >= 1);
    await all.reader.until((r) => r.raw.includes(': ping'));
    expect(one.reader.events.map((e) => `${e.event} ${e.data.name}`)).toEqual([
      'comment.added Two',
    ]);
    all.reader.abort();
    one.reader.abort();
  });

  it('refuses a filter on a repository the user may not read, or a malformed one', async () => {
    const hidden = await fetch(`${t.url}/api/events?repo=team/Secret`, {
      headers: { Authorization: `Bearer ${bob}` },
    });
    expect(hidden.status).toBe(404);
    const bad = await fetch(`${t.url}/api/events?repo=..%2F..`, {
      headers: { Authorization: `Bearer ${bob}` },
    });
    expect(bad.status).toBe(400);
  });

  it('ends open streams when the hub closes', async () => {
    const other = await startHub({ heartbeatMs: 60_000 });
    const s = await openSse(`${other.url}/api/events`, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    await s.reader.until((r) => r.raw.includes(': connected'));
    const started = Date.now();
    await other.stop();
    await s.reader.closed;
    // Well under the 10 s grace period: the stream was ended, not waited out.
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
