/**
 * A repository deleted while a push to it is under way: the push is told `404 NOT_FOUND` (not
 * `422 MISSING_OBJECTS`, which sends a client to upload again, nor a 500), and nothing of it
 * stays: no folder (which kept the name taken, 409 ALREADY_EXISTS), no feed (which would show
 * the deleted repository's push to whoever creates the name again, private or not).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex } from '../../src-main/store/hash.js';
import { PACK_CONTENT_TYPE } from '../../src-main/sync/pack.js';
import { startHub, type TestHub } from './helpers/hub.js';
import { oneFileVersion, packOf } from './helpers/sync.js';

let t: TestHub;
beforeAll(async () => {
  t = await startHub();
});
afterAll(async () => {
  await t.stop();
});

async function sendVersion(base: string): Promise<string> {
  const { commit, records } = oneFileVersion();
  const r = await t.req(`${base}/packs`, {
    method: 'POST',
    body: await packOf(records),
    headers: { 'content-type': PACK_CONTENT_TYPE },
  });
  expect(r.status, await r.clone().text()).toBe(200);
  return blake3Hex(commit);
}

/** Move main to `commit`, running `meanwhile` after the push's checks, before the branch moves. */
async function moveBranchWhile(
  base: string,
  commit: string,
  meanwhile: () => Promise<void>,
): Promise<Response> {
  t.hub.context.pushGuards.push(meanwhile);
  try {
    return await t.req(`${base}/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: commit },
    });
  } finally {
    t.hub.context.pushGuards.pop();
  }
}

describe('deleting a repository while a push moves its branch', () => {
  it('leaves no folder or feed behind, and the name can be created again', async () => {
    const base = '/api/repos/studio/Gone/sync';
    expect((await t.req('/api/repos/studio/Gone', { method: 'POST', json: {} })).status).toBe(201);
    const commit = await sendVersion(base);
    const dir = path.join(t.dataDir, 'studio', 'Gone');
    const feed = path.join(t.dataDir, '.hub', 'activity', 'studio', 'Gone.jsonl');
    // The push passes its checks, then the repository is deleted before the branch moves (the
    // guard stands in for the lock check, which reads a lock file and may take that long).
    const ref = await moveBranchWhile(base, commit, async () => {
      expect((await t.req('/api/repos/studio/Gone', { method: 'DELETE' })).status).toBe(204);
    });
    expect(ref.status).toBe(404);
    expect(((await ref.json()) as { code: string }).code).toBe('NOT_FOUND');
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(feed)).toBe(false);

    expect((await t.req('/api/repos/studio/Gone', { method: 'POST', json: {} })).status).toBe(201);
    const events = (await (await t.req('/api/repos/studio/Gone/activity')).json()) as {
      events: { type: string }[];
    };
    expect(events.events.map((e) => e.type)).toEqual(['repo.created']);
  });

  it('a push whose repository was deleted and created again lands in neither', async () => {
    const base = '/api/repos/studio/Again/sync';
    expect((await t.req('/api/repos/studio/Again', { method: 'POST', json: {} })).status).toBe(201);
    const commit = await sendVersion(base);
    const ref = await moveBranchWhile(base, commit, async () => {
      expect((await t.req('/api/repos/studio/Again', { method: 'DELETE' })).status).toBe(204);
      const again = await t.req('/api/repos/studio/Again', { method: 'POST', json: {} });
      expect(again.status).toBe(201);
    });
    expect(ref.status).toBe(404);
    expect(((await ref.json()) as { code: string }).code).toBe('NOT_FOUND');
    const branches = await t.req('/api/repos/studio/Again/branches');
    expect(await branches.json()).toEqual([]);
  });
});
