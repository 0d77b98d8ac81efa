/**
 * A repository deleted while a push to it is under way: the push is told `404 NOT_FOUND` (not
 * `422 MISSING_OBJECTS`, which sends a client to upload again, nor a 500), and nothing of it
 * stays: no folder (which kept the name taken, 409 ALREADY_EXISTS), no feed (which would show
 * the deleted repository's push to whoever creates the name again, private or not).
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../src-main/store/canonical.js';
import { blake3Hex } from '../../src-main/store/hash.js';
import { PACK_CONTENT_TYPE } from '../../src-main/sync/pack.js';
import { startHub, type TestHub } from './helpers/hub.js';
import { commitOf, packOf } from './helpers/sync.js';

let t: TestHub;
beforeAll(async () => {
  t = await startHub();
});
afterAll(async () => {
  await t.stop();
});

async function sendVersion(base: string): Promise<string> {
  const chunk = randomBytes(1000);
  const cid = blake3Hex(chunk);
  const tree = canonicalBytes({
    entries: [
      {
        path: 'a.wav',
        kind: 'file',
        mode: 0o644,
        size: 1000,
        content_id: cid,
        chunks: [{ id: cid, size: 1000 }],
      },
    ],
  });
  const commit = commitOf(tree);
  const body = await packOf([
    { kind: 'chunk', id: cid, bytes: chunk },
    { kind: 'tree', id: blake3Hex(tree), bytes: tree },
    { kind: 'commit', id: blake3Hex(commit), bytes: commit },
  ]);
  const r = await t.req(`${base}/packs`, {
    method: 'POST',
    body,
    headers: { 'content-type': PACK_CONTENT_TYPE },
  });
  expect(r.status, await r.clone().text()).toBe(200);
  return blake3Hex(commit);
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
    t.hub.context.pushGuards.push(async () => {
      expect((await t.req('/api/repos/studio/Gone', { method: 'DELETE' })).status).toBe(204);
    });
    const ref = await t.req(`${base}/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: commit },
    });
    t.hub.context.pushGuards.pop();
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
    t.hub.context.pushGuards.push(async () => {
      expect((await t.req('/api/repos/studio/Again', { method: 'DELETE' })).status).toBe(204);
      const again = await t.req('/api/repos/studio/Again', { method: 'POST', json: {} });
      expect(again.status).toBe(201);
    });
    const ref = await t.req(`${base}/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: commit },
    });
    t.hub.context.pushGuards.pop();
    expect(ref.status).toBe(404);
    expect(((await ref.json()) as { code: string }).code).toBe('NOT_FOUND');
    const branches = await t.req('/api/repos/studio/Again/branches');
    expect(await branches.json()).toEqual([]);
  });
});
