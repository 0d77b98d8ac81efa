/**
 * A revision that is empty or only whitespace names no version: the hub's routes answer 404
 * UNKNOWN_REVISION instead of serving the head commit as if HEAD had been asked for.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
const repo = '/api/repos/studio/Blank';

beforeAll(async () => {
  t = await startHub();
  expect((await t.req(repo, { method: 'POST', json: {} })).status).toBe(201);
  await seedRepo(path.join(t.dataDir, 'studio', 'Blank'), [
    { message: 'one', files: { ProjectData: 'v1' } },
  ]);
});
afterAll(async () => {
  await t.stop();
});

describe('blank revisions', () => {
  it.each([
    '/commits/%0a',
    '/commits/%20',
    '/commits/%09%0a/tree',
    '/commits/%0a/file?path=ProjectData',
    '/commits?branch=%0a',
    '/commits?branch=%20%20',
    '/metadata/diff?from=%0a&to=main',
    '/metadata/diff?from=main&to=%20',
    // The hub's URLs take a branch or an id; the CLI's parent suffixes are not walked there.
    '/commits/main~1',
    '/commits/main%5E',
  ])('GET %s: 404 UNKNOWN_REVISION', async (p) => {
    const res = await t.req(repo + p);
    const text = await res.text();
    expect(res.status, text).toBe(404);
    expect(JSON.parse(text).code).toBe('UNKNOWN_REVISION');
  });

  it('while the branch itself still resolves', async () => {
    expect((await t.req(`${repo}/commits/main`)).status).toBe(200);
    expect((await t.req(`${repo}/commits?branch=main`)).status).toBe(200);
  });
});
