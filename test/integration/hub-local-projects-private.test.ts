/**
 * The watched-projects API and its live events must not tell a producer what the repository
 * routes hide from them: a private repository's name, existence and lock holder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { openSse, type SseReader } from './helpers/sse.js';

const FIXTURES = path.resolve('test/fixtures/logicx/jonkubis-LogicProFormatWriter');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('watched projects bound to a private repository', () => {
  let hub: TestHub;
  let lib: string;
  let alice = '';
  let bob = '';
  let aliceSse: SseReader;
  let bobSse: SseReader;

  beforeAll(async () => {
    lib = tempDir('auxin-lib-').dir;
    fs.cpSync(path.join(FIXTURES, 'F0_baseline.logicx'), path.join(lib, 'Secret.logicx'), {
      recursive: true,
    });
    hub = await startHub({ config: { watch: [lib] }, watchOptions: { quietMs: 200 } });
    alice = await addUser(hub, 'alice', 'producer');
    bob = await addUser(hub, 'bob', 'producer');
    aliceSse = (await openSse(`${hub.url}/api/events`, { Authorization: `Bearer ${alice}` }))
      .reader;
    bobSse = (await openSse(`${hub.url}/api/events`, { Authorization: `Bearer ${bob}` })).reader;
  });
  afterAll(async () => {
    aliceSse?.abort();
    bobSse?.abort();
    await hub?.stop();
    fs.rmSync(lib, { recursive: true, force: true });
  });

  const list = async (token: string) =>
    ((await (await hub.req('/api/local/projects', { token })).json()) as Json).projects as Json[];

  it('shows the repository and its lock to its members only, in the list and on the stream', async () => {
    const ready = Date.now() + 8000;
    while ((await list(alice)).length !== 1) {
      if (Date.now() > ready) throw new Error('the library scan never finished');
      await new Promise((r) => setTimeout(r, 50));
    }
    const created = await hub.req('/api/repos/alice/Secret', {
      method: 'POST',
      token: alice,
      json: { visibility: 'private' },
    });
    expect(created.status).toBe(201);
    const res = await hub.req('/api/repos/alice/Secret/locks/acquire', {
      method: 'POST',
      token: alice,
      json: { machine_id: 'alice-mac', timeout_hours: 1 },
    });
    expect(res.status).toBe(200);

    const deadline = Date.now() + 8000;
    while ((await list(alice))[0]?.lock?.machine_id !== 'alice-mac') {
      if (Date.now() > deadline) throw new Error('the lock never showed up for alice');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await list(alice))[0]).toMatchObject({
      repo: { namespace: 'alice', name: 'Secret', on_this_hub: true },
    });
    // Bob sees the project on this machine, as if the hub had no such repository.
    expect((await list(bob))[0]).toMatchObject({ name: 'Secret', repo: null, lock: null });

    const locked = (e: { event: string; data: Json }) =>
      e.event === 'project.updated' && e.data.data.lock?.machine_id === 'alice-mac';
    await aliceSse.until((r) => r.events.some(locked));
    // Bob gets the same updates, without the repository: he must not fall behind on the project.
    await bobSse.until((r) => r.events.filter((e) => e.event === 'project.updated').length > 0);
    expect(bobSse.raw).not.toContain('alice-mac');
    expect(bobSse.raw).not.toContain('"namespace":"alice"');
  });
});
