/**
 * Reading a version's project can hold a ProjectData of up to 256 MiB in memory, and any reader
 * can ask for a version the hub has not read yet (more than 50 in one push): concurrent asks of
 * one version share one reading, and readings run one at a time, so readers cannot multiply the
 * hub's memory until it dies.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { ok } from '../helpers/cli.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

const FIXTURE = path.resolve(
  'test/fixtures/logicx/jonkubis-LogicProFormatWriter/F9_tempometer.logicx',
);
const REPO = '/api/repos/studio/Song.logicx';

describe('reading versions on the hub', () => {
  let hub: TestHub;
  let work: string;
  let carol = '';
  const ids: string[] = [];

  beforeAll(async () => {
    work = tempDir('auxin-meta-read-').dir;
    hub = await startHub({ dataDir: path.join(work, 'hub') });
    const alice = await addUser(hub, 'alice', 'producer');
    carol = await addUser(hub, 'carol', 'client');
    const bundle = path.join(work, 'A', 'Song.logicx');
    fs.mkdirSync(path.dirname(bundle), { recursive: true });
    fs.cpSync(FIXTURE, bundle, { recursive: true });
    const store = await Store.init(bundle);
    for (const message of ['one', 'two', 'three']) {
      fs.writeFileSync(path.join(bundle, 'notes.txt'), message);
      ids.push((await store.commit({ message, author: 'alice' })).commit.id);
    }
    const as = { cwd: bundle, token: alice, home: path.join(work, 'home'), timeoutMs: SYNC_RUN_MS };
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song.logicx`], as);
    await ok(['push'], as);
    // As if the push had held more versions than the hub reads at once: none read yet.
    fs.rmSync(path.join(hub.dataDir, 'studio', 'Song.logicx', 'metadata', 'versions'), {
      recursive: true,
      force: true,
    });
  }, 60_000);
  afterAll(async () => {
    await hub?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('reads a version once however many ask at the same time, and one version at a time', async () => {
    const ctx = hub.hub.context;
    const store = ctx.repos.store(ctx.repos.get('studio', 'Song.logicx')!);
    const readTree = store.readTree.bind(store);
    let reads = 0;
    let active = 0;
    let most = 0;
    store.readTree = async (id: string) => {
      reads++;
      most = Math.max(most, ++active);
      try {
        await new Promise((r) => setTimeout(r, 30));
        return await readTree(id);
      } finally {
        active--;
      }
    };
    try {
      const asks = [...ids, ...ids, ...ids, ...ids].map((id) =>
        hub.req(`${REPO}/metadata/${id}`, { token: carol }),
      );
      const answers = await Promise.all(asks);
      for (const res of answers) {
        expect(res.status).toBe(200);
        expect(((await res.json()) as { bpm?: number }).bpm).toBe(120);
      }
    } finally {
      store.readTree = readTree;
    }
    expect(reads).toBe(ids.length);
    expect(most).toBe(1);
  });
});
