/** `GET /api/projects`: a pushed Logic fixture's latest version, metadata, size and lock in one row. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Project } from '../../src-shared/api/projects.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';
import { eventually, pushFixture } from '../helpers/push-fixture.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
let ana: string;
const work = tempDir('auxin-web-proj-');

beforeAll(async () => {
  t = await startHub({ rendererDir: null });
  ana = await addUser(t, 'ana', 'producer');
  await pushFixture({
    hubUrl: t.url,
    token: ana,
    home: work.dir,
    workDir: work.dir,
    fixture: 'F16_sr48',
    namespace: 'studio',
    message: 'verse vocals',
  });
});
afterAll(async () => {
  await t.stop();
  work.cleanup();
});

/** Every file's bytes under `dir`: what the pushed version holds. */
function bytesUnder(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}

const rows = async (token: string) =>
  (await (await t.req('/api/projects', { token })).json()) as Project[];

describe('the projects overview', () => {
  it('lists a pushed project with its head, size, Logic metadata and lock', async () => {
    const row = await eventually(async () => (await rows(ana)).find((r) => r.metadata));
    expect(row.repo).toMatchObject({ namespace: 'studio', name: 'F16_sr48.logicx', owner: 'ana' });
    expect(row.head).toMatchObject({ message: 'verse vocals', author: 'ana', branch: 'main' });
    expect(row.metadata).toMatchObject({ bpm: 120, sample_rate: 48000, key_signature: 'C major' });
    expect(row.size).toBe(bytesUnder(mitBundle('F16_sr48')));
    expect(row.lock).toBeNull();

    await t.req('/api/repos/studio/F16_sr48.logicx/locks/acquire', {
      method: 'POST',
      token: ana,
      json: { machine_id: 'mac', reason: 'mixing' },
    });
    const one = (await (
      await t.req('/api/projects/studio/F16_sr48.logicx', { token: ana })
    ).json()) as Project;
    expect(one.lock).toMatchObject({ username: 'ana', reason: 'mixing' });
    expect(one.head).toEqual(row.head);
  });

  it('answers 404 for an unknown or unreadable project and 400 for a hostile name', async () => {
    expect((await t.req('/api/projects/studio/Nope.logicx')).status).toBe(404);
    expect((await t.req('/api/projects/studio/a%2F..%2Fb')).status).toBe(400);
    expect((await t.req('/api/projects', { token: null })).status).toBe(401);
  });
});
