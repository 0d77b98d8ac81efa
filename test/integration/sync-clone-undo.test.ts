/** A failed clone removes exactly what it created, so the same clone can simply be run again. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS, writeProject } from './helpers/sync.js';

describe('a failed clone undoes what it created', () => {
  let hub: TestHub;
  let work = '';
  let alice = '';
  let deadUrl = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-undo-').dir;
    alice = await addUser(hub, 'alice', 'producer');
    // A port nobody listens on: bound, then closed.
    const dead = net.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    deadUrl = `http://127.0.0.1:${(dead.address() as net.AddressInfo).port}`;
    await new Promise<void>((r) => dead.close(() => r()));
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const as = (cwd: string) => ({
    cwd,
    token: alice,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });
  const fresh = (name: string) => {
    const d = path.join(work, name);
    fs.mkdirSync(d);
    return d;
  };

  it('of a bundle: no hidden store is left beside it; the retry succeeds once the repository exists', async () => {
    const here = fresh('bundle');
    const url = `${hub.url}/studio/Late.logicx`;
    const missing = await auxin(['clone', url], as(here));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
    expect(fs.readdirSync(here)).toEqual([]);

    const closed = await auxin(['clone', `${deadUrl}/studio/Late.logicx`], as(here));
    expect(closed.stderr).toContain('REMOTE_UNREACHABLE');
    expect(fs.readdirSync(here)).toEqual([]);

    const src = path.join(fresh('src'), 'Late.logicx');
    fs.mkdirSync(src);
    writeProject(src, 1);
    await ok(['init'], as(src));
    await ok(['commit', '-m', 'first'], as(src));
    await ok(['remote', 'add', 'origin', url], as(src));
    await ok(['push'], as(src));
    // A clone that fails in the middle of writing the files leaves nothing either.
    const failed = await auxin(['clone', url], {
      ...as(here),
      env: { AUXIN_TEST_CHECKOUT_FAIL_AFTER: '1' },
    });
    expect(failed.stderr).toContain('ENOSPC');
    expect(fs.readdirSync(here)).toEqual([]);
    await ok(['clone', url], as(here));
    expectSameFiles(src, path.join(here, 'Late.logicx'));
    expect(fs.readdirSync(here).sort()).toEqual(['.Late.logicx.auxin', 'Late.logicx']);
  });

  it('into an existing empty folder: the folder stays, empty; the retry succeeds', async () => {
    const z = fresh('Z');
    const closed = await auxin(['clone', `${deadUrl}/studio/Z`, z], as(work));
    expect(closed.stderr).toContain('REMOTE_UNREACHABLE');
    const missing = await auxin(['clone', `${hub.url}/studio/Z`, z], as(work));
    expect(missing.stderr).toContain('NOT_FOUND');
    expect(fs.readdirSync(z)).toEqual([]);
    expect((await hub.req('/api/repos/studio/Z', { method: 'POST', json: {} })).status).toBe(201);
    await ok(['clone', `${hub.url}/studio/Z`, z], as(work));
    expect(fs.readdirSync(z)).toEqual(['.auxin']);
    const again = await auxin(['clone', `${hub.url}/studio/Z`, z], as(work));
    expect(again.stderr).toMatch(/ALREADY_EXISTS/);
    expect(again.stderr).toContain('run `auxin pull` inside it');
  });

  it('into missing parent folders: the folders it made are removed, the existing ones kept', async () => {
    const base = fresh('parents');
    const target = path.join(base, 'a', 'b', 'Song.logicx');
    const closed = await auxin(['clone', `${deadUrl}/studio/Song.logicx`, target], as(work));
    expect(closed.stderr).toContain('REMOTE_UNREACHABLE');
    expect(fs.readdirSync(base)).toEqual([]);
  });
});
