/**
 * Metadata posted for versions the hub does not have waits as one file each, and every push
 * reads them all: a repository keeps at most MAX_PENDING, so nobody fills the hub's disk.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PENDING } from '../../src-main/hub/metadata/service.js';
import { startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
let pending = '';
const base = '/api/repos/studio/Waiting/metadata';
beforeAll(async () => {
  t = await startHub();
  expect((await t.req('/api/repos/studio/Waiting', { method: 'POST', json: {} })).status).toBe(201);
  pending = path.join(t.dataDir, 'studio', 'Waiting', 'metadata', 'pending');
});
afterAll(async () => {
  await t.stop();
});

const post = (id: string) => t.req(`${base}/${id}`, { method: 'POST', json: { bpm: 120 } });
const hex = () => randomBytes(32).toString('hex');

describe('metadata waiting for versions not pushed yet', () => {
  it('keeps at most MAX_PENDING per repository, then says to push first', async () => {
    const first = hex();
    expect((await post(first)).status).toBe(202);
    // The rest of the limit, as the hub writes them (one small file each), made quickly.
    const rec = fs.readFileSync(path.join(pending, `${first}.json`));
    for (let i = 1; i < MAX_PENDING; i++)
      fs.writeFileSync(path.join(pending, `${hex()}.json`), rec);

    const over = await post(hex());
    expect(over.status).toBe(429);
    expect(await over.json()).toMatchObject({ code: 'TOO_MANY_PENDING', limit: MAX_PENDING });
    expect(fs.readdirSync(pending)).toHaveLength(MAX_PENDING);
    // A post for a version already waiting replaces its record: no new file, so it is allowed.
    expect((await post(first)).status).toBe(202);
    // Other repositories have their own limit.
    expect((await t.req('/api/repos/studio/Other', { method: 'POST', json: {} })).status).toBe(201);
    const other = await t.req(`/api/repos/studio/Other/metadata/${hex()}`, {
      method: 'POST',
      json: { bpm: 90 },
    });
    expect(other.status).toBe(202);
  });
});
