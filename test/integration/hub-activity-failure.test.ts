/**
 * The feed tells of what happened and never undoes it: when its line cannot be written, the
 * action it tells of has already happened, so the caller hears success, live viewers still get
 * the event, the loss is logged, and the feed's next line is whole.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-main/hub/logging.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';
import { openSse } from './helpers/sse.js';

const lines: string[] = [];
let t: TestHub;
let commit = '';
beforeAll(async () => {
  const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
  t = await startHub({ logger });
  expect((await t.req('/api/repos/studio/Feed', { method: 'POST', json: {} })).status).toBe(201);
  const ids = await seedRepo(path.join(t.dataDir, 'studio', 'Feed'), [
    { message: 'v1', files: { 'a.txt': 'a' } },
  ]);
  commit = ids[0]!;
});
afterAll(async () => {
  await t.stop();
});

const comment = (body: string) =>
  t.req(`/api/repos/studio/Feed/commits/${commit}/comments`, { method: 'POST', json: { body } });

describe('a feed line that cannot be written', () => {
  it('leaves the action done, broadcast and logged; the next line is whole', async () => {
    const feed = path.join(t.dataDir, '.hub', 'activity', 'studio', 'Feed.jsonl');
    expect(fs.existsSync(feed)).toBe(true);
    // Half a line, as a failed append leaves it; then the feed cannot be written at all.
    fs.appendFileSync(feed, '{"id":"torn');
    const saved = fs.readFileSync(feed);
    fs.rmSync(feed);
    fs.mkdirSync(feed);
    const sse = await openSse(`${t.url}/api/events`, { Authorization: `Bearer ${ADMIN_TOKEN}` });
    try {
      const res = await comment('first take is the one');
      expect(res.status).toBe(201);
      await sse.reader.until((r) => r.events.some((e) => e.data.type === 'comment.added'));
    } finally {
      sse.reader.abort();
    }
    const listed = await t.req(`/api/repos/studio/Feed/commits/${commit}/comments`);
    expect(((await listed.json()) as { body: string }[]).map((c) => c.body)).toEqual([
      'first take is the one',
    ]);
    expect(lines.map((l) => JSON.parse(l) as { msg: string; event?: string })).toContainEqual(
      expect.objectContaining({ msg: 'activity event not saved', event: 'comment.added' }),
    );

    // The feed comes back with its torn tail: the next event still reads.
    fs.rmdirSync(feed);
    fs.writeFileSync(feed, saved);
    expect((await comment('second thoughts')).status).toBe(201);
    const activity = await t.req('/api/repos/studio/Feed/activity');
    const { events } = (await activity.json()) as { events: { type: string; text: string }[] };
    expect(events[0]).toMatchObject({ type: 'comment.added' });
    expect(events[0]!.text).toContain('second thoughts');
    expect(events.map((e) => e.type)).toContain('repo.created');
  });
});
