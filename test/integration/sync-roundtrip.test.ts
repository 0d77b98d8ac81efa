import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { decodeIndex } from '../../src-main/store/packfile.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS, writeProject } from './helpers/sync.js';

describe('push, clone, pull between two clients and one hub', () => {
  let hub: TestHub;
  let work: string;
  let alice = '';
  let bob = '';
  let carol = '';
  let url = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-sync-').dir;
    alice = await addUser(hub, 'alice', 'producer');
    bob = await addUser(hub, 'bob', 'producer');
    carol = await addUser(hub, 'carol', 'client');
    url = `${hub.url}/studio/My%20Song.logicx`;
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const home = () => path.join(work, 'home');
  const as = (token: string | null, cwd: string) => ({
    cwd,
    token,
    home: home(),
    timeoutMs: SYNC_RUN_MS,
  });

  it('A pushes (creating the repository), B clones, B pushes, A pulls: byte-identical', async () => {
    const a = path.join(work, 'A', 'My Song.logicx');
    fs.mkdirSync(a, { recursive: true });
    writeProject(a);
    await ok(['init'], as(alice, a));
    await ok(['commit', '-m', 'first'], as(alice, a));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/My Song.logicx`], as(alice, a));
    expect((await ok(['remote', '-v'], as(alice, a))).stdout).toContain('/studio/My%20Song.logicx');

    const pushed = (await ok(['push', '--json'], as(alice, a))).json();
    expect(pushed).toMatchObject({ branch: 'main', old: null, created_repo: true, commits: 1 });
    expect(pushed.bytes_sent as number).toBeGreaterThan(5 * 1024 * 1024);

    const b = path.join(work, 'B', 'deep', 'er', 'Song');
    const cloned = (await ok(['clone', url, b, '--json'], as(bob, work))).json();
    expect(cloned).toMatchObject({ commits: 1 });
    expectSameFiles(a, b);
    expect((await ok(['remote', '-v'], as(bob, b))).stdout).toContain(url);

    fs.appendFileSync(path.join(b, 'Alternatives', '000', 'ProjectData'), 'bob was here');
    fs.writeFileSync(path.join(b, 'Media', 'Audio Files', 'Take 2.wav'), Buffer.alloc(300_000, 3));
    fs.rmSync(path.join(b, 'empty.txt'));
    await ok(['commit', '-m', 'bob edits'], as(bob, b));
    const second = (await ok(['push', '--json'], as(bob, b))).json();
    expect(second).toMatchObject({ commits: 1, created_repo: false });
    // Only the new take and the changed project data travel, not the 5 MiB of old audio.
    expect(second.bytes_sent as number).toBeLessThan(1024 * 1024);
    // The silent take (300,000 equal bytes) travels DEFLATEd (its chunks: 300 KB and more),
    // and the appended ProjectData chunk as a delta of the one it replaced: a few KB in all.
    expect(second.bytes_sent as number).toBeLessThan(16 * 1024);

    const pulled = (await ok(['pull', '--json'], as(alice, a))).json();
    expect(pulled).toMatchObject({ commits: 1, up_to_date: false });
    expectSameFiles(a, b);
    expect((await ok(['pull', '--json'], as(alice, a))).json()).toMatchObject({ up_to_date: true });
    expect((await ok(['push', '--json'], as(alice, a))).json()).toMatchObject({ up_to_date: true });

    // Two versions in one push: the second tree travels as a delta against the first, which
    // reaches the hub earlier in the same push.
    fs.writeFileSync(path.join(a, 'Media', 'Audio Files', 'Take 3.wav'), Buffer.alloc(90_000, 5));
    await ok(['commit', '-m', 'alice one'], as(alice, a));
    fs.rmSync(path.join(a, 'Media', 'Audio Files', 'Take 2.wav'));
    await ok(['commit', '-m', 'alice two'], as(alice, a));
    expect((await ok(['push', '--json'], as(alice, a))).json()).toMatchObject({ commits: 2 });
    expect((await ok(['pull', '--json'], as(bob, b))).json()).toMatchObject({ commits: 2 });
    expectSameFiles(a, b);

    const feed = (await (await hub.req('/api/repos/studio/My%20Song.logicx/activity')).json()) as {
      events: { type: string; actor: string; details: Record<string, unknown> }[];
    };
    const pushes = feed.events.filter((e) => e.type === 'push');
    expect(pushes.map((e) => e.actor)).toEqual(['alice', 'bob', 'alice']);
    expect(pushes[1]!.details).toMatchObject({ branch: 'main', commits: 1 });
    const metrics = await (await hub.req('/metrics')).text();
    expect(metrics).toMatch(/pushes_total\S* 3/);
  });

  it('clones an empty repository, and refuses a missing one without leaving a folder', async () => {
    expect((await hub.req('/api/repos/studio/Empty', { method: 'POST', json: {} })).status).toBe(
      201,
    );
    const e = path.join(work, 'Empty clone');
    expect(
      (await ok(['clone', `${hub.url}/studio/Empty`, e, '--json'], as(alice, work))).json(),
    ).toMatchObject({ commits: 0, new: null });
    expect((await ok(['remote', '-v'], as(alice, e))).stdout).toContain('/studio/Empty');
    const missing = await auxin(
      ['clone', `${hub.url}/studio/Nope`, path.join(work, 'nope')],
      as(alice, work),
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('NOT_FOUND');
    expect(fs.existsSync(path.join(work, 'nope'))).toBe(false);
  });

  it('refuses a push without a token (401) and from a client (403)', async () => {
    const a = path.join(work, 'A', 'My Song.logicx');
    fs.writeFileSync(path.join(a, 'new.txt'), 'x');
    await ok(['commit', '-m', 'more'], as(alice, a));
    const anon = await auxin(['push'], as(null, a));
    expect(anon.code).not.toBe(0);
    expect(anon.stderr).toContain('UNAUTHORIZED');
    const client = await auxin(['push'], as(carol, a));
    expect(client.code).not.toBe(0);
    expect(client.stderr).toContain('FORBIDDEN');
    // A client may still clone.
    await ok(['clone', url, path.join(work, 'C'), '--json'], as(carol, work));
  });

  it('refuses a non-fast-forward push, and a force push from a non-owner; the owner may force', async () => {
    const a = path.join(work, 'A', 'My Song.logicx');
    const b = path.join(work, 'B', 'deep', 'er', 'Song');
    await ok(['pull'], as(bob, b));
    fs.writeFileSync(path.join(b, 'bob.txt'), 'b');
    await ok(['commit', '-m', 'bob again'], as(bob, b));
    await ok(['push'], as(bob, b));
    // A's 'more' commit is not based on bob's: refused, and told to pull.
    const r = await auxin(['push'], as(alice, a));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NON_FAST_FORWARD');
    expect(r.stderr).toContain('pull');
    // alice created the repository, so she owns it and may force.
    const forced = (await ok(['push', '--force', '--json'], as(alice, a))).json();
    expect(forced.old).not.toBe(forced.new);
    const pulledB = await auxin(['pull'], as(bob, b));
    expect(pulledB.code).toBe(1);
    expect(pulledB.stderr).toContain('DIVERGED');
    // bob is not the owner: his force push is refused; an admin's is not.
    const forcedByBob = await auxin(['push', '--force'], as(bob, b));
    expect(forcedByBob.code).toBe(1);
    expect(forcedByBob.stderr).toContain('FORBIDDEN');
    await ok(['push', '--force'], as(ADMIN_TOKEN, b));
  });

  it('a chunk damaged in the local store stops the push with a local, clear error', async () => {
    for (const format of [1, 0]) {
      // 1: a DEFLATEd ProjectData chunk (travels as stored, so the hub cannot inflate it);
      // 0: a raw audio chunk (the hub's BLAKE3 check refuses it).
      const name = `Damaged${format}`;
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(
        path.join(dir, 'ProjectData'),
        Buffer.from('Track Region Fade '.repeat(9000)),
      );
      fs.writeFileSync(path.join(dir, 'take.wav'), randomBytes(600_000));
      await ok(['init'], as(alice, dir));
      await ok(['commit', '-m', 'v1'], as(alice, dir));
      await ok(['remote', 'add', 'origin', `${hub.url}/studio/${name}`], as(alice, dir));
      const versions = path.join(dir, '.auxin', 'versions');
      const idx = fs.readdirSync(versions).find((n) => n.endsWith('.idx'))!;
      const pack = path.join(versions, idx.replace(/\.idx$/, '.pack'));
      const bytes = fs.readFileSync(pack);
      const entry = decodeIndex(fs.readFileSync(path.join(versions, idx))).entries.find(
        (e) => bytes[e.offset] === format && e.length > 64,
      )!;
      bytes[entry.offset + Math.floor(entry.length / 2)]! ^= 0x55;
      fs.writeFileSync(pack, bytes);

      const r = await auxin(['push'], as(alice, dir));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain(`chunk ${entry.id} in your local store is damaged`);
      expect(r.stderr).toMatch(/auxin fsck.*\(CORRUPT_OBJECT\)/);
      // The branch never moved on the hub.
      const refs = await hub.req(`/api/repos/studio/${name}/sync/refs`);
      expect(((await refs.json()) as { branches: unknown[] }).branches).toEqual([]);
    }
  });

  it('never overwrites uncommitted changes on pull', async () => {
    const a = path.join(work, 'A2');
    await ok(['clone', url, a], as(alice, work));
    const b = path.join(work, 'B', 'deep', 'er', 'Song');
    fs.writeFileSync(path.join(b, 'bob.txt'), 'changed by bob');
    await ok(['commit', '-m', 'bob changes bob.txt'], as(bob, b));
    await ok(['push'], as(bob, b));
    fs.writeFileSync(path.join(a, 'bob.txt'), 'local edit by alice');
    const r = await auxin(['pull'], as(alice, a));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UNCOMMITTED_CHANGES');
    expect(fs.readFileSync(path.join(a, 'bob.txt'), 'utf8')).toBe('local edit by alice');
  });
  it('a repository deleted and created again takes the whole project: nothing of the old one is assumed', async () => {
    const dir = path.join(work, 'Reborn');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'take.wav'), randomBytes(2_000_000));
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'verse, chorus');
    await ok(['init'], as(alice, dir));
    await ok(['commit', '-m', 'v1'], as(alice, dir));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Reborn`], as(alice, dir));
    await ok(['push'], as(alice, dir));
    const gone = await hub.req('/api/repos/studio/Reborn', { method: 'DELETE', token: alice });
    expect(gone.status).toBe(204);

    // The hub's open store of the deleted repository must not answer for the new one.
    const again = (await ok(['push', '--json'], as(alice, dir))).json();
    expect(again).toMatchObject({ created_repo: true, commits: 1 });
    expect(again.bytes_sent as number).toBeGreaterThan(2_000_000);
    const copy = path.join(work, 'Reborn copy');
    await ok(['clone', `${hub.url}/studio/Reborn`, copy], as(alice, work));
    expectSameFiles(dir, copy);
    const fsck = await auxin(['fsck'], { cwd: path.join(hub.dataDir, 'studio', 'Reborn') });
    expect(fsck.stdout + fsck.stderr).not.toContain('damaged');
    expect(fsck.code).toBe(0);
  });
});
