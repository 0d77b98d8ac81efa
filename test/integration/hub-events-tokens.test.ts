/** Live streams end with the token that opened them, and one user may hold only so many. */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { openSse, type SseReader } from './helpers/sse.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let ana: string;
let commit: string;
beforeAll(async () => {
  t = await startHub({ heartbeatMs: 60_000 });
  ana = await addUser(t, 'ana', 'producer');
  await t.req('/api/repos/team/Song', { method: 'POST', token: ana });
  const seeded = await seedRepo(path.join(t.dataDir, 'team', 'Song'), [
    { message: 'v1', files: { ProjectData: 'one' } },
  ]);
  commit = seeded[0]!;
});
afterAll(async () => {
  await t.stop();
});

async function newToken(username: string, label: string) {
  const res = await t.req(`/api/users/${username}/tokens`, { method: 'POST', json: { label } });
  return (await res.json()) as { token: string; token_id: string };
}

async function stream(token: string): Promise<SseReader> {
  const s = await openSse(`${t.url}/api/events?token=${encodeURIComponent(token)}`);
  expect(s.status).toBe(200);
  await s.reader.until((r) => r.raw.includes(': connected'));
  return s.reader;
}

function ended(reader: SseReader, ms = 3000): Promise<boolean> {
  return Promise.race([
    reader.closed.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), ms)),
  ]);
}

async function comment(body: string) {
  const res = await t.req(`/api/repos/team/Song/commits/${commit}/comments`, {
    method: 'POST',
    token: ana,
    json: { body },
  });
  expect(res.status).toBe(201);
}

describe('live streams and tokens', () => {
  it("ends a revoked token's streams and only those", async () => {
    const laptop = await newToken('ana', 'laptop');
    const revoked = await stream(laptop.token);
    const kept = await stream(ana);
    const del = await t.req(`/api/users/ana/tokens/${laptop.token_id}`, { method: 'DELETE' });
    expect(del.status).toBe(204);
    expect(await ended(revoked)).toBe(true);
    await comment('after the revocation');
    await kept.until((r) => r.events.some((e) => e.event === 'comment.added'));
    expect(revoked.events).toEqual([]);
    kept.abort();
  });

  it('ends the stream of a token that signs out', async () => {
    const tab = await newToken('ana', 'tab');
    const s = await stream(tab.token);
    expect((await t.req('/api/auth/logout', { method: 'POST', token: tab.token })).status).toBe(
      204,
    );
    expect(await ended(s)).toBe(true);
  });

  it('caps the streams one user holds at 16 with 429 TOO_MANY_STREAMS', async () => {
    const bob = await addUser(t, 'bob', 'client');
    const open: SseReader[] = [];
    for (let i = 0; i < 16; i++) open.push(await stream(bob));
    const refused = await fetch(`${t.url}/api/events?token=${encodeURIComponent(bob)}`);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'TOO_MANY_STREAMS', limit: 16 });
    // Another user is not affected, and closing one of bob's makes room again.
    const other = await stream(ana);
    other.abort();
    open.pop()!.abort();
    const deadline = Date.now() + 3000;
    let again = await openSse(`${t.url}/api/events?token=${encodeURIComponent(bob)}`);
    while (again.status === 429 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      again = await openSse(`${t.url}/api/events?token=${encodeURIComponent(bob)}`);
    }
    expect(again.status).toBe(200);
    again.reader.abort();
    for (const r of open) r.abort();
  });
});
