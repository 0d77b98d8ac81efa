/**
 * A pull or clone killed in the middle of its checkout (a real SIGKILL of the client, at a
 * chosen file through AUXIN_TEST_CHECKOUT_KILL_AFTER) never leaves a mix of two versions that
 * passes for the user's edits: status says so, commit refuses, and the next pull finishes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { noise, tempDir } from '../helpers/tmp.js';
import { auxin, ok, type RunOptions } from '../helpers/cli.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

describe('an interrupted pull or clone', () => {
  let hub: TestHub;
  let work = '';
  let alice = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-interrupt-').dir;
    alice = await addUser(hub, 'alice', 'producer');
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const as = (cwd: string, env: NodeJS.ProcessEnv = {}): RunOptions => ({
    cwd,
    token: alice,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
    env,
  });
  const killAfter = (n: number) => ({ AUXIN_TEST_CHECKOUT_KILL_AFTER: String(n) });

  /** A pushed project of six files; returns its folder and URL. */
  async function upstream(name: string): Promise<{ u: string; url: string }> {
    const u = path.join(work, name);
    fs.mkdirSync(path.join(u, 'Audio'), { recursive: true });
    for (let i = 1; i <= 6; i++)
      fs.writeFileSync(path.join(u, 'Audio', `t${i}.wav`), noise(200_000, i));
    fs.writeFileSync(path.join(u, 'song.txt'), 'v1');
    await ok(['init'], as(u));
    await ok(['commit', '-m', 'v1'], as(u));
    const url = `${hub.url}/studio/${name}`;
    await ok(['remote', 'add', 'origin', url], as(u));
    await ok(['push'], as(u));
    return { u, url };
  }
  /** Change five files, remove one, add a file in a new folder; push. */
  async function secondVersion(u: string): Promise<string> {
    for (let i = 1; i <= 5; i++)
      fs.writeFileSync(path.join(u, 'Audio', `t${i}.wav`), noise(150_000, 10 + i));
    fs.rmSync(path.join(u, 'Audio', 't6.wav'));
    fs.mkdirSync(path.join(u, 'Bounces'));
    fs.writeFileSync(path.join(u, 'Bounces', 'mix.wav'), noise(100_000, 99));
    fs.writeFileSync(path.join(u, 'song.txt'), 'v2');
    await ok(['commit', '-m', 'v2'], as(u));
    await ok(['push'], as(u));
    return (await ok(['status', '--json'], as(u))).json().commit as string;
  }

  it('killed mid-checkout: status reports it, commit refuses, pull finishes it', async () => {
    const { u, url } = await upstream('Kill');
    const d = path.join(work, 'Kill-d');
    await ok(['clone', url, d], as(work));
    const v2 = await secondVersion(u);

    const cut = await auxin(['pull'], as(d, killAfter(3)));
    expect(cut.code).toBeNull(); // killed by the signal
    // Half written: the branch has not moved.
    expect((await ok(['status', '--json'], as(d))).json()).toMatchObject({
      interrupted: { branch: 'main', to: v2 },
    });
    const st = await ok(['status'], as(d));
    expect(st.stdout).toContain(
      `a pull to ${v2.slice(0, 12)} was interrupted: run \`auxin pull\` to finish it`,
    );
    const commit = await auxin(['commit', '-m', 'mix'], as(d));
    expect(commit.code).toBe(1);
    expect(commit.stderr).toContain('CHECKOUT_INTERRUPTED');

    // The version the cut pull fetched counts as pulled by the one that finishes it.
    const finished = (await ok(['pull', '--json'], as(d))).json();
    expect(finished).toMatchObject({ commits: 1, new: v2 });
    expectSameFiles(u, d);
    const after = (await ok(['status', '--json'], as(d))).json();
    expect(after).toMatchObject({ commit: v2, branch: 'main', clean: true, interrupted: null });
    expect(fs.readdirSync(path.join(d, '.auxin'))).not.toContain('CHECKOUT');
  });

  it('a real edit made after the cut stops the finishing pull, and is kept', async () => {
    const { u, url } = await upstream('Edit');
    const d = path.join(work, 'Edit-d');
    await ok(['clone', url, d], as(work));
    await secondVersion(u);
    expect((await auxin(['pull'], as(d, killAfter(1)))).code).toBeNull();
    // t1 was rewritten already; t4 not yet: an edit to either is neither version.
    fs.writeFileSync(path.join(d, 'Audio', 't4.wav'), 'my own take');
    const r = await auxin(['pull'], as(d));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UNCOMMITTED_CHANGES');
    expect(r.stderr).toContain('Audio/t4.wav');
    expect(fs.readFileSync(path.join(d, 'Audio', 't4.wav'), 'utf8')).toBe('my own take');
    fs.renameSync(path.join(d, 'Audio', 't4.wav'), path.join(work, 'saved-take'));
    await ok(['pull'], as(d));
    expectSameFiles(u, d);
    expect((await ok(['status', '--json'], as(d))).json()).toMatchObject({ clean: true });
  });

  it('a clone killed mid-checkout: a second clone points to pull, which finishes it', async () => {
    const { u, url } = await upstream('Clone');
    const c = path.join(work, 'Clone-c');
    expect((await auxin(['clone', url, c], as(work, killAfter(2)))).code).toBeNull();
    const again = await auxin(['clone', url, c], as(work));
    expect(again.stderr).toContain('ALREADY_EXISTS');
    expect(again.stderr).toContain('`auxin pull`');
    expect((await ok(['status'], as(c))).stdout).toContain('was interrupted');
    await ok(['pull'], as(c));
    expectSameFiles(u, c);
    expect((await ok(['status', '--json'], as(c))).json()).toMatchObject({ clean: true });
  });

  it('a clone killed while it writes files as their chunks arrive: pull finishes it', async () => {
    const { u, url } = await upstream('Early');
    const c = path.join(work, 'Early-c');
    const killed = await auxin(['clone', url, c], as(work, { AUXIN_TEST_EARLY_KILL_AFTER: '2' }));
    expect(killed.code).toBeNull();
    // Killed before the version was stored: the files written so far are whole, the rest absent.
    const written = fs.readdirSync(path.join(c, 'Audio')).filter((n) => n.endsWith('.wav'));
    expect(written.length).toBeGreaterThanOrEqual(2);
    for (const n of written) {
      expect(
        fs.readFileSync(path.join(c, 'Audio', n)).equals(fs.readFileSync(path.join(u, 'Audio', n))),
      ).toBe(true);
    }
    const again = await auxin(['clone', url, c], as(work));
    expect(again.stderr).toContain('`auxin pull`');
    await ok(['pull'], as(c));
    expectSameFiles(u, c);
    expect((await ok(['status', '--json'], as(c))).json()).toMatchObject({ clean: true });
  });

  it('the temporary files a killed checkout left are removed by the next one', async () => {
    const { u, url } = await upstream('Leftover');
    const d = path.join(work, 'Leftover-d');
    await ok(['clone', url, d], as(work));
    await secondVersion(u);
    expect((await auxin(['pull'], as(d, killAfter(2)))).code).toBeNull();
    // What a kill in the middle of writing a file leaves beside it.
    fs.writeFileSync(path.join(d, 'Audio', '.auxin-tmp-0123abcd'), noise(50_000, 7));
    fs.writeFileSync(path.join(d, '.auxin-tmp-4567cdef'), 'half');
    await ok(['pull'], as(d));
    expect(fs.existsSync(path.join(d, 'Audio', '.auxin-tmp-0123abcd'))).toBe(false);
    expect(fs.existsSync(path.join(d, '.auxin-tmp-4567cdef'))).toBe(false);
    expectSameFiles(u, d);
  });

  it('a checkout that fails part-way says how to finish, and the next pull does', async () => {
    const { u, url } = await upstream('Fail');
    const d = path.join(work, 'Fail-d');
    await ok(['clone', url, d], as(work));
    await secondVersion(u);
    const failed = await auxin(['pull'], as(d, { AUXIN_TEST_CHECKOUT_FAIL_AFTER: '2' }));
    expect(failed.code).toBe(1);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('ENOSPC');
    expect(failed.stderr).toContain('run `auxin pull` to finish it (CHECKOUT_INTERRUPTED)');
    const refused = await auxin(['checkout', 'main'], as(d));
    expect(refused.stderr).toContain('CHECKOUT_INTERRUPTED');
    await ok(['pull'], as(d));
    expectSameFiles(u, d);
  });

  it('checkout --force gives an interrupted pull up: back to the branch, record gone', async () => {
    const { u, url } = await upstream('GiveUp');
    const d = path.join(work, 'GiveUp-d');
    await ok(['clone', url, d], as(work));
    const v1 = path.join(work, 'GiveUp-v1');
    fs.cpSync(u, v1, { recursive: true });
    await secondVersion(u);
    expect((await auxin(['pull'], as(d, killAfter(2)))).code).toBeNull();
    await ok(['checkout', 'main', '--force'], as(d));
    expectSameFiles(v1, d);
    expect((await ok(['status', '--json'], as(d))).json()).toMatchObject({
      clean: true,
      interrupted: null,
    });
    await ok(['pull'], as(d));
    expectSameFiles(u, d);
  });
});
