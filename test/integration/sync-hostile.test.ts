/** Hostile sync requests: each gets a 4xx with a code, and the hub's stored data does not change. */
import { createHash, randomBytes } from 'node:crypto';
import { deflateRawSync, gzipSync } from 'node:zlib';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blake3Hex } from '../../src-main/store/hash.js';
import { canonicalBytes } from '../../src-main/store/canonical.js';
import { Store } from '../../src-main/store/store.js';
import { PACK_CONTENT_TYPE, PACK_END, PACK_MAGIC, recordHeader } from '../../src-main/sync/pack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { oneFileVersion, packOf } from './helpers/sync.js';

const base = '/api/repos/studio/Target/sync';

/** Every file under the data folder (the hub's own state excluded) with a digest of its bytes. */
function fingerprint(dir: string): string {
  const lines: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.name === '.hub') continue;
      if (e.isDirectory()) {
        lines.push(`${path.relative(dir, p)}/`);
        walk(p);
      } else
        lines.push(
          `${path.relative(dir, p)} ${createHash('sha256').update(fs.readFileSync(p)).digest('hex')}`,
        );
    }
  };
  walk(dir);
  return lines.sort().join('\n');
}

describe('hostile sync requests', () => {
  let hub: TestHub;
  let before = '';
  let baseTree: Buffer = Buffer.alloc(0);
  let baseChunk: Buffer = Buffer.alloc(0);
  let baseEntry: Record<string, unknown> = {};
  beforeAll(async () => {
    hub = await startHub();
    expect((await hub.req('/api/repos/studio/Target', { method: 'POST', json: {} })).status).toBe(
      201,
    );
    // One good chunk, tree and commit, so some requests aim at real objects.
    const { chunk, tree, commit, records } = oneFileVersion();
    baseTree = tree;
    baseChunk = chunk;
    baseEntry = (JSON.parse(tree.toString()) as { entries: Record<string, unknown>[] }).entries[0]!;
    const body = await packOf(records);
    const r = await hub.req(`${base}/packs`, {
      method: 'POST',
      body,
      headers: { 'content-type': PACK_CONTENT_TYPE },
    });
    expect(r.status, await r.clone().text()).toBe(200);
    const ref = await hub.req(`${base}/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: blake3Hex(commit) },
    });
    expect(ref.status, await ref.clone().text()).toBe(200);
    before = fingerprint(hub.dataDir);
  });
  afterAll(async () => {
    await hub.stop();
  });

  const pack = (body: Buffer, type = PACK_CONTENT_TYPE, gzip = false) =>
    hub.req(`${base}/packs`, {
      method: 'POST',
      body,
      headers: { 'content-type': type, ...(gzip ? { 'content-encoding': 'gzip' } : {}) },
    });

  async function expectRefused(res: Response, status: number, code: string) {
    const text = await res.text();
    expect(res.status, text).toBe(status);
    expect(JSON.parse(text).code, text).toBe(code);
    expect(fingerprint(hub.dataDir)).toBe(before);
  }

  /** `res` accepted the record, and the hub now serves `bytes` back as `id` (of `kind`). */
  async function expectStored(res: Response, kind: 'chunk' | 'tree', id: string, bytes: Buffer) {
    expect(res.status, await res.clone().text()).toBe(200);
    const back = await hub.req(`${base}/fetch`, { method: 'POST', json: { ids: [id], kind } });
    const body = Buffer.from(await back.arrayBuffer());
    // The first record's bytes follow the magic, its type byte, 32-byte id and 4-byte length.
    const at = PACK_MAGIC.length + 37;
    expect(body.subarray(at, at + bytes.length)).toEqual(bytes);
    before = fingerprint(hub.dataDir);
  }

  it('a chunk whose content does not match its id', async () => {
    const bytes = randomBytes(500);
    await expectRefused(
      await pack(await packOf([{ kind: 'chunk', id: blake3Hex(Buffer.from('other')), bytes }])),
      422,
      'HASH_MISMATCH',
    );
  });

  it('a refused pack stores none of its chunks; a cut one keeps those that arrived whole', async () => {
    const good = randomBytes(700);
    const bad = {
      kind: 'chunk' as const,
      id: blake3Hex(Buffer.from('else')),
      bytes: randomBytes(90),
    };
    const first = { kind: 'chunk' as const, id: blake3Hex(good), bytes: good };
    // A good chunk, then one whose content does not match its id: hostile, nothing stored.
    await expectRefused(await pack(await packOf([first, bad])), 422, 'HASH_MISMATCH');
    // The same good chunk, then the connection's bytes stop inside the next record: a cut.
    const cut = await packOf([first, { ...bad, id: blake3Hex(bad.bytes) }]);
    const res = await pack(cut.subarray(0, cut.length - 40));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('MALFORMED_PACK');
    const missing = await hub.req(`${base}/chunks/missing`, {
      method: 'POST',
      json: { ids: [first.id, blake3Hex(bad.bytes)] },
    });
    expect(((await missing.json()) as { missing: string[] }).missing).toEqual([
      blake3Hex(bad.bytes),
    ]);
    before = fingerprint(hub.dataDir);
  });

  it('a raw chunk (type 1) is stored raw, as its sender keeps it, even if it compresses', async () => {
    const bytes = Buffer.from('Tempo 120 Key C minor '.repeat(4000));
    const id = blake3Hex(bytes);
    await expectStored(
      await pack(await packOf([{ kind: 'chunk', id, bytes }])),
      'chunk',
      id,
      bytes,
    );
    const store = Store.open(path.join(hub.dataDir, 'studio', 'Target'));
    const stored: Buffer[] = [];
    for await (const [, b] of store.readStoredChunks([id])) stored.push(Buffer.from(b));
    store.close();
    // Format byte 0: raw, not probed and compressed again.
    expect(stored).toEqual([Buffer.concat([Buffer.of(0), bytes])]);
  });

  it('compressed chunks (type 4): wrong hash, bomb, truncated', async () => {
    const compressed = (rid: string, declared: number, data: Buffer) => {
      const h = recordHeader('chunk', rid, 4 + data.length);
      h[0] = 4;
      const size = Buffer.alloc(4);
      size.writeUInt32BE(declared);
      return Buffer.concat([PACK_MAGIC, h, size, data, PACK_END]);
    };
    const raw = Buffer.from('ProjectData record qSvE '.repeat(400));
    const z = deflateRawSync(raw);
    await expectRefused(
      await pack(compressed(blake3Hex(Buffer.from('other')), raw.length, z)),
      422,
      'HASH_MISMATCH',
    );
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const bomb = deflateRawSync(zeros);
    await expectRefused(
      await pack(compressed(blake3Hex(zeros), 4096, bomb)),
      400,
      'MALFORMED_PACK',
    );
    await expectRefused(
      await pack(compressed(blake3Hex(zeros), zeros.length, bomb)),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    await expectRefused(
      await pack(compressed(blake3Hex(raw), raw.length, z.subarray(0, z.length >> 1))),
      400,
      'MALFORMED_PACK',
    );
    // The same record, whole and with the right id, is stored (as raw bytes: fetched back equal).
    await expectStored(
      await pack(compressed(blake3Hex(raw), raw.length, z)),
      'chunk',
      blake3Hex(raw),
      raw,
    );
  });

  it('tree deltas (type 5): wrong id, missing base, bad delta; a good one is stored', async () => {
    const baseId = blake3Hex(baseTree);
    const renamed = canonicalBytes({ entries: [{ ...baseEntry, path: 'b.wav' }] });
    const delta = (base: string, d: unknown) =>
      Buffer.concat([Buffer.from(base, 'hex'), Buffer.from(JSON.stringify(d))]);
    const good = delta(baseId, { remove: ['a.wav'], put: [{ ...baseEntry, path: 'b.wav' }] });
    const rec = (id: string, bytes: Buffer) =>
      packOf([{ kind: 'tree-delta', id, bytes }]).then((b) => pack(gzipSync(b), undefined, true));
    await expectRefused(await rec(blake3Hex(Buffer.from('x')), good), 422, 'HASH_MISMATCH');
    await expectRefused(
      await rec(
        blake3Hex(renamed),
        delta(blake3Hex(Buffer.from('ghost')), { remove: [], put: [] }),
      ),
      422,
      'MISSING_OBJECTS',
    );
    await expectRefused(
      await rec(blake3Hex(renamed), delta(baseId, { remove: ['zz.wav'], put: [] })),
      400,
      'MALFORMED_PACK',
    );
    // A delta that makes an invalid tree (a file whose chunks do not add up) is refused too.
    const broken = delta(baseId, { remove: [], put: [{ ...baseEntry, path: 'c.wav', size: 5 }] });
    const r = await rec(blake3Hex(Buffer.from('y')), broken);
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(fingerprint(hub.dataDir)).toBe(before);
    await expectStored(await rec(blake3Hex(renamed), good), 'tree', blake3Hex(renamed), renamed);
  });

  it('chunk deltas (type 6): wrong id, missing base, bad ends; a good one is stored', async () => {
    const edited = Buffer.concat([
      baseChunk.subarray(0, 600),
      Buffer.from('new'),
      baseChunk.subarray(600),
    ]);
    const delta = (b: string, size: number, prefix: number, suffix: number, mid: Buffer) => {
      const h = Buffer.alloc(44);
      Buffer.from(b, 'hex').copy(h);
      h.writeUInt32BE(size, 32);
      h.writeUInt32BE(prefix, 36);
      h.writeUInt32BE(suffix, 40);
      return Buffer.concat([h, deflateRawSync(mid)]);
    };
    const good = delta(blake3Hex(baseChunk), edited.length, 600, 400, Buffer.from('new'));
    const rec = (id: string, d: Buffer) =>
      packOf([{ kind: 'chunk', id, bytes: Buffer.alloc(0), delta: d }]).then((b) => pack(b));
    await expectRefused(await rec(blake3Hex(Buffer.from('x')), good), 422, 'HASH_MISMATCH');
    const ghost = delta(blake3Hex(Buffer.from('ghost')), 3, 0, 0, Buffer.from('abc'));
    await expectRefused(await rec(blake3Hex(Buffer.from('abc')), ghost), 422, 'MISSING_OBJECTS');
    const past = delta(blake3Hex(baseChunk), 1503, 1000, 500, Buffer.from('abc'));
    await expectRefused(await rec(blake3Hex(edited), past), 400, 'MALFORMED_PACK');
    await expectStored(await rec(blake3Hex(edited), good), 'chunk', blake3Hex(edited), edited);
  });

  it('malformed packs: bad magic, truncated, unknown record, trailing junk, wrong type', async () => {
    await expectRefused(await pack(Buffer.from('GARBAGE')), 400, 'MALFORMED_PACK');
    const good = await packOf([
      { kind: 'chunk', id: blake3Hex(Buffer.from('x')), bytes: Buffer.from('x') },
    ]);
    await expectRefused(await pack(good.subarray(0, good.length - 3)), 400, 'MALFORMED_PACK');
    await expectRefused(
      await pack(Buffer.concat([PACK_MAGIC, Buffer.from([7]), Buffer.alloc(36), PACK_END])),
      400,
      'MALFORMED_PACK',
    );
    await expectRefused(await pack(Buffer.alloc(0)), 400, 'MALFORMED_PACK');
    await expectRefused(await pack(good, 'application/json'), 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('bad gzip and unknown encodings', async () => {
    const headers = { 'content-type': PACK_CONTENT_TYPE, 'content-encoding': 'gzip' };
    const notGzip = await hub.req(`${base}/packs`, {
      method: 'POST',
      body: Buffer.from('not gzip at all'),
      headers,
    });
    await expectRefused(notGzip, 400, 'MALFORMED_PACK');
    const cut = gzipSync(
      await packOf([{ kind: 'chunk', id: blake3Hex(Buffer.from('y')), bytes: Buffer.from('y') }]),
    );
    const truncated = await hub.req(`${base}/packs`, {
      method: 'POST',
      body: cut.subarray(0, 24),
      headers,
    });
    await expectRefused(truncated, 400, 'MALFORMED_PACK');
    const br = await hub.req(`${base}/packs`, {
      method: 'POST',
      body: cut,
      headers: { ...headers, 'content-encoding': 'br' },
    });
    await expectRefused(br, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('huge declared sizes are refused before anything is read', async () => {
    const huge = Buffer.concat([
      PACK_MAGIC,
      recordHeader('chunk', 'ab'.repeat(32), 0xfffffff0),
      randomBytes(1024),
    ]);
    await expectRefused(await pack(huge), 413, 'PAYLOAD_TOO_LARGE');
    const res = await hub.req(`${base}/chunks/missing`, {
      method: 'POST',
      body: '{"ids":[' + '"0",'.repeat(300_000) + '"0"]}',
      headers: { 'content-type': 'application/json' },
    });
    await expectRefused(res, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('objects that reference what the hub does not have', async () => {
    const ghost = blake3Hex(Buffer.from('never sent'));
    const tree = canonicalBytes({
      entries: [
        {
          path: 'x.wav',
          kind: 'file',
          mode: 0o644,
          size: 10,
          content_id: ghost,
          chunks: [{ id: ghost, size: 10 }],
        },
      ],
    });
    await expectRefused(
      await pack(await packOf([{ kind: 'tree', id: blake3Hex(tree), bytes: tree }])),
      422,
      'MISSING_OBJECTS',
    );
    const commit = canonicalBytes({
      parent_ids: [],
      tree_id: ghost,
      message: 'm',
      author: 'a',
      timestamp: '2026-01-01T00:00:00Z',
      metadata: {},
    });
    await expectRefused(
      await pack(await packOf([{ kind: 'commit', id: blake3Hex(commit), bytes: commit }])),
      422,
      'MISSING_OBJECTS',
    );
    const ref = await hub.req(`${base}/ref`, {
      method: 'POST',
      json: { branch: 'main', old: null, new: ghost },
    });
    await expectRefused(ref, 422, 'MISSING_OBJECTS');
  });

  it('traversal in ids, branch names and path parameters', async () => {
    const bad = ['../../../etc/passwd', '..%2F..%2Fx', 'A'.repeat(64), 'g'.repeat(64)];
    for (const id of bad) {
      await expectRefused(
        await hub.req(`${base}/chunks/missing`, { method: 'POST', json: { ids: [id] } }),
        400,
        'VALIDATION_FAILED',
      );
      await expectRefused(
        await hub.req(`${base}/fetch`, { method: 'POST', json: { ids: [id], kind: 'chunk' } }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const some = blake3Hex(Buffer.from('x'));
    for (const branch of ['../../HEAD', '/etc', 'a/../../b', 'x\u0000y', 'a\\b']) {
      await expectRefused(
        await hub.req(`${base}/ref`, { method: 'POST', json: { branch, old: null, new: some } }),
        400,
        'VALIDATION_FAILED',
      );
    }
    const tree = canonicalBytes({
      entries: [
        {
          path: '../../escape.wav',
          kind: 'file',
          mode: 0o644,
          size: 0,
          content_id: blake3Hex(Buffer.alloc(0)),
          chunks: [],
        },
      ],
    });
    const r = await pack(await packOf([{ kind: 'tree', id: blake3Hex(tree), bytes: tree }]));
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    for (const p of [
      '/api/repos/..%2F..%2Fetc/x/sync/refs',
      '/api/repos/studio/..%2F..%2F.hub/sync/refs',
      '/api/repos/%2E%2E/%2E%2E/sync/refs',
    ]) {
      const res = await hub.req(p);
      expect(res.status, p).toBeGreaterThanOrEqual(400);
      expect(res.status, p).toBeLessThan(500);
      expect(((await res.json()) as { code: string }).code).toBeTruthy();
    }
    expect(fingerprint(hub.dataDir)).toBe(before);
  });

  it('fetching what the hub does not have answers 404 before any byte of a pack', async () => {
    const ghost = blake3Hex(Buffer.from('nothing'));
    for (const kind of ['chunk', 'tree', 'commit']) {
      const res = await hub.req(`${base}/fetch`, { method: 'POST', json: { ids: [ghost], kind } });
      expect(res.status, kind).toBeGreaterThanOrEqual(404);
      expect(res.status, kind).toBeLessThan(500);
      expect(((await res.json()) as { code: string }).code).toMatch(
        /UNKNOWN_REVISION|MISSING_OBJECTS/,
      );
    }
  });

  it('malformed JSON, unknown routes and wrong methods', async () => {
    await expectRefused(
      await hub.req(`${base}/chunks/missing`, {
        method: 'POST',
        body: '{"ids": [',
        headers: { 'content-type': 'application/json' },
      }),
      400,
      'INVALID_JSON',
    );
    await expectRefused(
      await hub.req(`${base}/nope`, { method: 'POST', json: {} }),
      404,
      'NOT_FOUND',
    );
    await expectRefused(await hub.req(`${base}/packs`), 405, 'METHOD_NOT_ALLOWED');
    await expectRefused(
      await hub.req(`${base}/ref`, {
        method: 'POST',
        json: { branch: 'main', old: null, new: 'ab'.repeat(32), extra: 1 },
      }),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('no token: 401; a client may read but not write', async () => {
    await expectRefused(await hub.req(`${base}/refs`, { token: null }), 401, 'UNAUTHORIZED');
    const carol = await addUser(hub, 'carol', 'client');
    expect((await hub.req(`${base}/refs`, { token: carol })).status).toBe(200);
    await expectRefused(
      await hub.req(`${base}/chunks/missing`, { method: 'POST', json: { ids: [] }, token: carol }),
      403,
      'FORBIDDEN',
    );
    const carolPack = await hub.req(`${base}/packs`, {
      method: 'POST',
      body: Buffer.concat([PACK_MAGIC, PACK_END]),
      headers: { 'content-type': PACK_CONTENT_TYPE },
      token: carol,
    });
    await expectRefused(carolPack, 403, 'FORBIDDEN');
  });
});
