/**
 * Text that reaches other people's terminals and feeds (issue #19, section 6), through a real
 * hub: a comment with a terminal escape or a direction override is refused like a lock reason,
 * line breaks and tabs pass, the activity text never carries such characters, and a JSON body
 * that is not valid UTF-8 is refused (INVALID_JSON) instead of being stored with U+FFFD in it.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRepo } from './helpers/seed.js';
import { startHub, type TestHub } from './helpers/hub.js';

const repo = '/api/repos/studio/Text.logicx';
let t: TestHub;
let commit = '';

beforeAll(async () => {
  t = await startHub();
  expect((await t.req(repo, { method: 'POST', json: {} })).status).toBe(201);
  const ids = await seedRepo(path.join(t.dataDir, 'studio', 'Text.logicx'), [
    { message: 'first', files: { ProjectData: 'x' } },
  ]);
  commit = ids[0]!;
});
afterAll(() => t.stop());

const comment = (body: string) =>
  t.req(`${repo}/commits/${commit}/comments`, { method: 'POST', json: { body } });

describe('comments and activity text', () => {
  it('refuses terminal escapes and direction overrides in a comment, as in a lock reason', async () => {
    for (const body of ['clear \u001b[2J me', 'mix\u202Ewav', 'bell\u0007', 'zero\u200bwidth']) {
      const res = await comment(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      const err = (await res.json()) as { code: string; error: string };
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.error).toContain('control or invisible');
    }
    const lock = await t.req(`${repo}/locks/acquire`, {
      method: 'POST',
      json: { machine_id: 'mac', reason: 'clear \u001b[2J me' },
    });
    expect(lock.status).toBe(400);
    const list = (await (await t.req(`${repo}/commits/${commit}/comments`)).json()) as unknown[];
    expect(list).toEqual([]);
  });

  it('keeps line breaks and tabs in a comment, and the feed line is one plain line', async () => {
    const res = await comment('verse 1:\n\tlouder bass\nchorus fine');
    expect(res.status).toBe(201);
    expect(((await res.json()) as { body: string }).body).toBe(
      'verse 1:\n\tlouder bass\nchorus fine',
    );
    const feed = (await (await t.req(`${repo}/activity`)).json()) as {
      events: { type: string; text: string }[];
    };
    const added = feed.events.find((e) => e.type === 'comment.added')!;
    expect(added.text).toContain('verse 1:  louder bass chorus fine');
    // eslint-disable-next-line no-control-regex
    expect(added.text).not.toMatch(/[\u0000-\u001f\u007f\u202a-\u202e]/);
  });
});

describe('JSON bodies', () => {
  it('refuses invalid UTF-8 with INVALID_JSON and stores nothing', async () => {
    const bad = Buffer.concat([
      Buffer.from('{"body":"caf'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await t.req(`${repo}/commits/${commit}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bad,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('INVALID_JSON');
    const list = (await (await t.req(`${repo}/commits/${commit}/comments`)).json()) as {
      body: string;
    }[];
    expect(list.some((c) => c.body.startsWith('caf'))).toBe(false);
    // The same text, valid UTF-8, is taken.
    const good = await comment('café');
    expect(good.status).toBe(201);
  });
});
