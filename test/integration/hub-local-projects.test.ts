import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRemote } from '../../src-main/client/remotes.js';
import { loadConfig } from '../../src-main/hub/config.js';
import { Store } from '../../src-main/store/index.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { openSse, type SseReader } from './helpers/sse.js';

const FIXTURES = path.resolve('test/fixtures/logicx/jonkubis-LogicProFormatWriter');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Logic's save, simulated: the state files of another fixture written over the bundle's. */
function saveStateFrom(bundle: string, fixture: string): void {
  const src = path.join(FIXTURES, `${fixture}.logicx`);
  for (const rel of ['Alternatives/000/ProjectData', 'Alternatives/000/MetaData.plist']) {
    fs.copyFileSync(path.join(src, rel), path.join(bundle, rel));
  }
}

describe('watched projects API', () => {
  let hub: TestHub;
  let lib: string;
  let alice = '';
  let carol = '';
  let sse: SseReader;
  let clientSse: SseReader;
  const song = () => path.join(lib, 'Song.logicx');

  beforeAll(async () => {
    lib = tempDir('auxin-lib-').dir;
    fs.cpSync(path.join(FIXTURES, 'F0_baseline.logicx'), song(), { recursive: true });
    hub = await startHub({
      config: { watch: [lib] },
      watchOptions: { quietMs: 200 },
    });
    alice = await addUser(hub, 'alice', 'producer');
    carol = await addUser(hub, 'carol', 'client');
    sse = (await openSse(`${hub.url}/api/events`, { Authorization: `Bearer ${alice}` })).reader;
    clientSse = (await openSse(`${hub.url}/api/events`, { Authorization: `Bearer ${carol}` }))
      .reader;
  });
  afterAll(async () => {
    sse?.abort();
    clientSse?.abort();
    await hub.stop();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  const projects = async (token = alice) => {
    const res = await hub.req('/api/local/projects', { token });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const until = async (pred: (b: Json) => boolean) => {
    const deadline = Date.now() + 8000;
    for (;;) {
      const { body } = await projects();
      if (pred(body)) return body;
      if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(body)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('lists the library projects with metadata and save time; matches a repository by name', async () => {
    let body = await until((b) => b.ready && b.projects.length === 1);
    expect(body.watching).toEqual([lib]);
    const p = body.projects[0];
    expect(p).toMatchObject({ path: song(), name: 'Song', repo: null, lock: null });
    expect(p.metadata).toMatchObject({ bpm: 120, key_signature: 'C major', track_count: 1 });
    const saved = fs.statSync(path.join(song(), 'Alternatives/000/ProjectData')).mtime;
    expect(Date.parse(p.saved_at)).toBeGreaterThanOrEqual(saved.getTime() - 1);

    // The earlier client names the repository after the bundle folder.
    expect(
      (await hub.req('/api/repos/studio/Song.logicx', { method: 'POST', json: {} })).status,
    ).toBe(201);
    body = await until((b) => b.projects[0].repo !== null);
    expect(body.projects[0].repo).toEqual({
      namespace: 'studio',
      name: 'Song.logicx',
      via: 'name',
      on_this_hub: true,
    });
    await sse.until((r) => r.events.some((e) => e.event === 'project.updated' && e.data.data.repo));
    expect((await projects(carol)).status).toBe(403);
  });

  it('prefers the remote of the project store, and follows the lock of that repository', async () => {
    await hub.req('/api/repos/studio/Other', { method: 'POST', json: {} });
    const store = await Store.init(song());
    expect(store.root).toBe(path.join(lib, '.Song.logicx.auxin'));
    await addRemote(store, 'origin', `${hub.url}/studio/Other`);
    let body = await until((b) => b.projects[0].repo?.name === 'Other');
    expect(body.projects[0].repo).toMatchObject({
      namespace: 'studio',
      via: 'remote',
      on_this_hub: true,
    });

    const res = await hub.req('/api/repos/studio/Other/locks/acquire', {
      method: 'POST',
      token: alice,
      json: { user: 'alice@studio-mac', machine_id: 'studio-mac', timeout_hours: 1 },
    });
    expect(res.status).toBe(200);
    const lockId = ((await res.json()) as Json).lock_id as string;
    await sse.until((r) =>
      r.events.some(
        (e) =>
          e.event === 'project.updated' && (e.data.data.lock as Json | null)?.username === 'alice',
      ),
    );
    body = (await projects()).body;
    expect(body.projects[0].lock).toMatchObject({ username: 'alice', machine_id: 'studio-mac' });
    await hub.req('/api/repos/studio/Other/locks/release', {
      method: 'POST',
      token: alice,
      json: { lock_id: lockId, user: 'alice', machine_id: 'studio-mac' },
    });
    await until((b) => b.projects[0].lock === null);
  });

  it('sends one update with the diff when Logic saves, and removal when the bundle goes', async () => {
    const before = sse.events.filter(
      (e) => e.event === 'project.updated' && e.data.data.diff,
    ).length;
    saveStateFrom(song(), 'F1_tempo');
    await sse.until((r) => r.events.some((e) => e.event === 'project.updated' && e.data.data.diff));
    await new Promise((r) => setTimeout(r, 600));
    const updates = sse.events.filter((e) => e.event === 'project.updated' && e.data.data.diff);
    expect(updates.length - before).toBe(1);
    expect((updates[0]!.data.data.diff as Json).text).toContain('tempo 120 → 137.5');
    expect((await projects()).body.projects[0].metadata.bpm).toBe(137.5);

    fs.rmSync(song(), { recursive: true });
    await sse.until((r) => r.events.some((e) => e.event === 'project.removed'));
    expect((await projects()).body.projects).toEqual([]);
    // A listener (client role) never saw any of the local project events.
    expect(clientSse.events.some((e) => e.event.startsWith('project.'))).toBe(false);
    expect(clientSse.events.some((e) => e.event === 'repo.created')).toBe(true);
  });

  it('reads the watch folders from flags, AUXIN_WATCH or the config file, none by default here', () => {
    const data = tempDir('auxin-cfg-').dir;
    try {
      const a = path.join(data, 'a');
      const b = path.join(data, 'b');
      // Watch folders must exist (a missing one is refused, naming it).
      fs.mkdirSync(a);
      fs.mkdirSync(b);
      expect(loadConfig({ data, watch: [a, a] }, {}).watch).toEqual([a]);
      expect(loadConfig({ data }, { AUXIN_WATCH: [a, b].join(path.delimiter) }).watch).toEqual([
        a,
        b,
      ]);
      fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ watch: [b] }));
      expect(loadConfig({ data }, {}).watch).toEqual([b]);
      fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ watch: 'b' }));
      expect(() => loadConfig({ data }, {})).toThrow(/watch folders/);
      fs.rmSync(path.join(data, 'config.json'));
      if (process.platform !== 'darwin') expect(loadConfig({ data }, {}).watch).toEqual([]);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
