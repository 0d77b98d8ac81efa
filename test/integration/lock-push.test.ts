import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';
import { SYNC_RUN_MS, writeProject } from './helpers/sync.js';

describe('push fencing by the project lock', () => {
  let hub: TestHub;
  let work: string;
  let alice = '';
  let bob = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-lockpush-').dir;
    alice = await addUser(hub, 'alice', 'producer');
    bob = await addUser(hub, 'bob', 'producer');
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const as = (token: string, cwd: string) => ({
    cwd,
    token,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });

  it("refuses a non-holder's push while locked, and push --release gives the lock back", async () => {
    const a = path.join(work, 'A', 'Song.logicx');
    fs.mkdirSync(a, { recursive: true });
    writeProject(a, 1);
    await ok(['init'], as(alice, a));
    await ok(['commit', '-m', 'first'], as(alice, a));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song.logicx`], as(alice, a));
    await ok(['push'], as(alice, a));
    const b = path.join(work, 'B', 'Song.logicx');
    await ok(['clone', `${hub.url}/studio/Song.logicx`, b], as(bob, work));

    await ok(['lock', 'acquire', '--reason', 'mixing'], as(alice, a));
    fs.writeFileSync(path.join(b, 'notes.txt'), 'bob was here');
    await ok(['commit', '-m', 'bob edits'], as(bob, b));
    const branches = () => hub.req('/api/repos/studio/Song.logicx/sync/refs').then((r) => r.text());
    const before = await branches();
    expect(before).toContain('"main"');
    const refused = await auxin(['push'], as(bob, b));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('LOCK_HELD');
    expect(refused.stderr).toContain('locked by alice');
    expect(await branches()).toBe(before);

    const released = (await ok(['push', '--release', '--json'], as(alice, a))).json();
    expect(released).toMatchObject({ up_to_date: true, lock: { released: true } });
    expect(await (await hub.req('/api/repos/studio/Song.logicx/locks/status')).json()).toEqual({
      locked: false,
    });
    // The refused push had already uploaded its objects; only the branch move was fenced.
    expect((await ok(['push', '--json'], as(bob, b))).json()).toMatchObject({ up_to_date: false });
    expect(await branches()).not.toBe(before);
  });

  it("refuses the holder's own account pushing from another machine", async () => {
    const on = (machine: string) => ({
      ...as(alice, path.join(work, 'M', 'Mix.logicx')),
      env: { AUXIN_MACHINE_ID: machine },
    });
    const dir = path.join(work, 'M', 'Mix.logicx');
    fs.mkdirSync(dir, { recursive: true });
    writeProject(dir, 2);
    await ok(['init'], on('studio-mac'));
    await ok(['commit', '-m', 'first'], on('studio-mac'));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Mix.logicx`], on('studio-mac'));
    await ok(['push'], on('studio-mac'));
    await ok(['lock', 'acquire'], on('studio-mac'));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'from the laptop');
    await ok(['commit', '-m', 'laptop edit'], on('laptop'));
    const refs = () => hub.req('/api/repos/studio/Mix.logicx/sync/refs').then((r) => r.text());
    const before = await refs();
    const refused = await auxin(['push'], on('laptop'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('LOCK_HELD');
    expect(refused.stderr).toContain('locked by alice on studio-mac');
    expect(await refs()).toBe(before);
    // From the machine that holds the lock, the same push goes through.
    expect((await ok(['push', '--json'], on('studio-mac'))).json()).toMatchObject({
      up_to_date: false,
    });
    expect(await refs()).not.toBe(before);
  });
});
