/**
 * The hub-wide feed (`GET /api/activity`): every project the caller may read, merged newest first,
 * paged back to the very first event; filtered by kind and person; private projects stay out.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
let ana: string;
let ben: string;

interface Page {
  events: { id: string; type: string; actor: string; namespace: string; name: string }[];
  next: string | null;
}

async function page(q: string, token?: string): Promise<Page> {
  const res = await t.req(`/api/activity${q}`, token ? { token } : {});
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Page;
}

/** Every page from the newest to the first event. */
async function all(q: string, token?: string): Promise<Page['events']> {
  const out: Page['events'] = [];
  let next: string | null = null;
  do {
    const p = await page(`${q}${next ? `&before=${next}` : ''}`, token);
    out.push(...p.events);
    next = p.next;
  } while (next);
  return out;
}

beforeAll(async () => {
  t = await startHub();
  ana = await addUser(t, 'ana', 'producer');
  ben = await addUser(t, 'ben', 'producer');
  for (const [name, token] of [
    ['One', ana],
    ['Two', ben],
    ['Three', ana],
  ] as const) {
    expect(
      (await t.req(`/api/repos/studio/${name}`, { method: 'POST', token, json: {} })).status,
    ).toBe(201);
  }
  // Interleaved events across the three feeds.
  for (let i = 0; i < 7; i++) {
    for (const [name, token] of [
      ['One', ana],
      ['Two', ben],
      ['Three', ana],
    ] as const) {
      const vis = i % 2 === 0 ? 'private' : 'team';
      const res = await t.req(`/api/repos/studio/${name}/visibility`, {
        method: 'PUT',
        token,
        json: { visibility: vis },
      });
      expect(res.status).toBe(200);
    }
  }
  // Two ends private to ben; the others are visible to the team.
  expect(
    (
      await t.req('/api/repos/studio/Two/visibility', {
        method: 'PUT',
        token: ben,
        json: { visibility: 'private' },
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => {
  await t.stop();
});

describe('the hub-wide activity feed', () => {
  it('merges every feed newest first and pages back to the first event, each once', async () => {
    const first = await page('?limit=5');
    expect(first.events).toHaveLength(5);
    expect(first.next).toBe(first.events[4]!.id);
    const events = await all('?limit=4');
    // 3 created + 21 visibility changes (the last "private" of Two changed nothing: no event).
    expect(events).toHaveLength(24);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(events.at(-1)!.type).toBe('repo.created');
    expect(new Set(events.map((e) => e.name))).toEqual(new Set(['One', 'Two', 'Three']));
    expect(events[0]!.name).toBe('Three');
  });

  it('leaves out a private project the caller is not a member of', async () => {
    const asAna = await all('?limit=50', ana);
    expect(asAna.some((e) => e.name === 'Two')).toBe(false);
    expect(asAna).toHaveLength(16);
    const asBen = await all('?limit=50', ben);
    expect(asBen.some((e) => e.name === 'Two')).toBe(true);
  });

  it('filters by kind and by person, on both feeds, paging within the filter', async () => {
    const created = await all('?limit=1&kind=project&actor=ana');
    expect(created.every((e) => e.actor === 'ana')).toBe(true);
    expect(created).toHaveLength(16);
    expect(await all('?limit=2&kind=push')).toEqual([]);
    const one = await t.req('/api/repos/studio/One/activity?actor=ben');
    expect(((await one.json()) as Page).events).toEqual([]);
    const mine = await t.req('/api/repos/studio/One/activity?actor=ana&limit=3');
    const p = (await mine.json()) as Page;
    expect(p.events.map((e) => e.actor)).toEqual(['ana', 'ana', 'ana']);
    expect(p.next).toBe(p.events[2]!.id);
  });

  it('refuses filters it does not know', async () => {
    expect((await t.req('/api/activity?kind=everything')).status).toBe(400);
    expect((await t.req('/api/activity?actor=../../x')).status).toBe(400);
    expect((await t.req('/api/activity?before=..%2F..')).status).toBe(400);
    expect((await t.req('/api/activity', { token: null })).status).toBe(401);
  });

  it('reads only the feeds written lately for a first page', async () => {
    // A feed last written long ago cannot hold one of the newest events: it is not even read. Its
    // mtime is set back here (its events are in fact among the newest), so reading it would show.
    const feed = path.join(t.dataDir, '.hub', 'activity', 'studio', 'One.jsonl');
    const saved = fs.readFileSync(feed);
    const old = new Date(Date.now() - 3600_000);
    fs.writeFileSync(feed, 'not json at all\n'.repeat(3) + saved.toString('utf8'));
    fs.utimesSync(feed, old, old);
    fs.chmodSync(feed, 0o000);
    try {
      const unreadable = process.getuid?.() !== 0;
      const first = await page('?limit=5');
      expect(first.events.every((e) => e.name !== 'One')).toBe(true);
      if (unreadable) expect(first.events).toHaveLength(5);
    } finally {
      fs.chmodSync(feed, 0o644);
      fs.writeFileSync(feed, saved);
    }
  });
});

describe('the hub address for teammates', () => {
  it('answers admins with where the hub listens, and refuses everyone else', async () => {
    const res = await t.req('/api/hub/address');
    expect(res.status).toBe(200);
    const port = Number(new URL(t.url).port);
    // The test hub listens on 127.0.0.1 only: no teammate can reach it.
    expect(await res.json()).toEqual({ host: '127.0.0.1', port, urls: [], loopback_only: true });
    expect((await t.req('/api/hub/address', { token: ana })).status).toBe(403);
  });
});
