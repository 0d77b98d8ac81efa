/**
 * A feed only grows, for as long as its repository lives. Its pages are read from the end: a feed
 * past V8's largest string (512 MiB) once answered every page with a 500.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startHub();
});
afterAll(async () => {
  await t.stop();
});

interface Page {
  events: { id: string; type: string; text: string }[];
  next: string | null;
}

const page = async (q: string): Promise<Page> => {
  const res = await t.req(`/api/repos/studio/Years/activity${q}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe('a feed of years', () => {
  it('answers its pages, newest first, when the file is past 512 MiB', async () => {
    expect((await t.req('/api/repos/studio/Years', { method: 'POST', json: {} })).status).toBe(201);
    for (let i = 0; i < 5; i++) {
      const res = await t.req('/api/repos/studio/Years/visibility', {
        method: 'PUT',
        json: { visibility: i % 2 === 0 ? 'private' : 'team' },
      });
      expect(res.status).toBe(200);
    }
    const feed = path.join(t.dataDir, '.hub', 'activity', 'studio', 'Years.jsonl');
    const recent = fs.readFileSync(feed);
    // Years of older events, as a hole (no disk used): what matters is the file's size.
    fs.truncateSync(feed, 0);
    fs.truncateSync(feed, 600 * 1024 * 1024);
    fs.appendFileSync(feed, Buffer.concat([Buffer.from('\n'), recent]));

    const first = await page('?limit=4');
    expect(first.events.map((e) => e.type)).toEqual([
      'repo.visibility',
      'repo.visibility',
      'repo.visibility',
      'repo.visibility',
    ]);
    expect(first.next).toBe(first.events[3]!.id);
    const ids = first.events.map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);

    const second = await page(`?limit=4&before=${first.next}`);
    expect(second.events.map((e) => e.type)).toEqual(['repo.visibility', 'repo.created']);
    expect(second.events[0]!.id < first.next!).toBe(true);
    expect(second.next).toBeNull();
  });
});
