/**
 * Through a real hub: a tree whose chunk references declare sizes other than the chunks' real
 * ones (but add up) is refused with 400 VALIDATION_FAILED, so no version anyone could not
 * download is ever stored; the honest tree of the same chunks is accepted and served.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex } from '../../src-main/store/hash.js';
import { canonicalBytes } from '../../src-main/store/canonical.js';
import { PACK_CONTENT_TYPE, type PackRecord } from '../../src-main/sync/pack.js';
import { commitOf, packOf } from './helpers/sync.js';
import { startHub, type TestHub } from './helpers/hub.js';

const repo = '/api/repos/studio/Sizes';
const big = randomBytes(100_000);
const small = Buffer.from('tiny');

function treeWith(sizes: [number, number]): Buffer {
  return canonicalBytes({
    entries: [
      {
        path: 'big.wav',
        kind: 'file',
        mode: 0o644,
        size: sizes[0] + sizes[1],
        content_id: blake3Hex(Buffer.concat([big, small])),
        chunks: [
          { id: blake3Hex(big), size: sizes[0] },
          { id: blake3Hex(small), size: sizes[1] },
        ],
      },
    ],
  });
}

describe('a tree whose chunk sizes lie', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startHub();
    expect((await hub.req(repo, { method: 'POST', json: {} })).status).toBe(201);
  });
  afterAll(async () => {
    await hub.stop();
  });

  const push = async (records: PackRecord[]) =>
    hub.req(`${repo}/sync/packs`, {
      method: 'POST',
      body: await packOf(records),
      headers: { 'content-type': PACK_CONTENT_TYPE },
    });

  it('is refused with 400 VALIDATION_FAILED and not stored; the ref cannot reach it', async () => {
    const total = big.length + small.length;
    const tree = treeWith([3, total - 3]);
    const commit = commitOf(tree);
    const res = await push([
      { kind: 'chunk', id: blake3Hex(big), bytes: big },
      { kind: 'chunk', id: blake3Hex(small), bytes: small },
      { kind: 'tree', id: blake3Hex(tree), bytes: tree },
      { kind: 'commit', id: blake3Hex(commit), bytes: commit },
    ]);
    const body = (await res.json()) as { code: string; error: string; chunk: string };
    expect(res.status, JSON.stringify(body)).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.error).toMatch(/big\.wav: chunk [0-9a-f]{64} holds 100000 bytes, not 3/);
    expect(body.chunk).toBe(blake3Hex(big));

    const missing = await hub.req(`${repo}/sync/fetch`, {
      method: 'POST',
      json: { ids: [blake3Hex(tree)], kind: 'tree' },
    });
    expect(missing.status).toBe(404);
    const ref = await hub.req(`${repo}/sync/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: blake3Hex(commit) },
    });
    expect(ref.status).toBe(422);
    expect(((await ref.json()) as { code: string }).code).toBe('MISSING_OBJECTS');
  });

  it('while the honest tree of the same chunks is accepted and its file served', async () => {
    const tree = treeWith([big.length, small.length]);
    const commit = commitOf(tree);
    const res = await push([
      { kind: 'tree', id: blake3Hex(tree), bytes: tree },
      { kind: 'commit', id: blake3Hex(commit), bytes: commit },
    ]);
    expect(res.status, await res.clone().text()).toBe(200);
    const ref = await hub.req(`${repo}/sync/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: blake3Hex(commit) },
    });
    expect(ref.status, await ref.clone().text()).toBe(200);
    const file = await hub.req(`${repo}/commits/main/file?path=big.wav`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.concat([big, small]))).toBe(true);
  });
});
