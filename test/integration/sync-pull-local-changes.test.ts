/** Which local changes stop a pull, which do not, and that a stopped pull costs no download. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { noise, tempDir } from '../helpers/tmp.js';
import { auxin, ok, type RunOptions } from '../helpers/cli.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

describe('local changes and pull', () => {
  let hub: TestHub;
  let work = '';
  let alice = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-local-').dir;
    alice = await addUser(hub, 'alice', 'producer');
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const as = (cwd: string): RunOptions => ({
    cwd,
    token: alice,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });
  const packs = (d: string) =>
    fs.readdirSync(path.join(d, '.auxin', 'versions')).filter((n) => n.endsWith('.pack'));

  /** Upstream U (pushed) and a clone D of it. */
  async function pair(name: string, files: Record<string, string | Buffer>) {
    const u = path.join(work, name);
    fs.mkdirSync(u);
    for (const [p, data] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(u, p)), { recursive: true });
      fs.writeFileSync(path.join(u, p), data);
    }
    await ok(['init'], as(u));
    await ok(['commit', '-m', 'v1'], as(u));
    const url = `${hub.url}/studio/${name}`;
    await ok(['remote', 'add', 'origin', url], as(u));
    await ok(['push'], as(u));
    const d = path.join(work, `${name}-d`);
    await ok(['clone', url, d], as(work));
    return { u, d };
  }
  async function upstreamAdds(u: string, p: string, data: string | Buffer) {
    fs.mkdirSync(path.dirname(path.join(u, p)), { recursive: true });
    fs.writeFileSync(path.join(u, p), data);
    await ok(['commit', '-m', `adds ${p}`], as(u));
    await ok(['push'], as(u));
  }

  it('an untracked file the new version does not have does not stop the pull, and stays', async () => {
    const { u, d } = await pair('Untracked', { 'song.txt': 'v1' });
    fs.writeFileSync(path.join(d, 'keep.txt'), 'keep');
    fs.mkdirSync(path.join(d, 'Mine'));
    fs.writeFileSync(path.join(d, 'Mine', 'idea.wav'), 'idea');
    await upstreamAdds(u, 'Audio/new.wav', noise(100_000, 3));
    await ok(['pull'], as(d));
    expect(fs.readFileSync(path.join(d, 'keep.txt'), 'utf8')).toBe('keep');
    expect(fs.readFileSync(path.join(d, 'Mine', 'idea.wav'), 'utf8')).toBe('idea');
    fs.rmSync(path.join(d, 'keep.txt'));
    fs.rmSync(path.join(d, 'Mine'), { recursive: true });
    expectSameFiles(u, d);
  });

  it('an edited or deleted file stops the pull before any chunk is downloaded', async () => {
    const { u, d } = await pair('Edited', { 'song.txt': 'v1', 'notes.txt': 'n1' });
    await upstreamAdds(u, 'Audio/big.wav', noise(3 * 1024 * 1024, 4));
    const before = packs(d);
    fs.writeFileSync(path.join(d, 'song.txt'), 'my edit');
    const edited = await auxin(['pull'], as(d));
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain('UNCOMMITTED_CHANGES');
    expect(edited.stderr).toContain('song.txt');
    expect(edited.stderr).not.toContain('--force');
    expect(packs(d)).toEqual(before);
    expect(fs.readFileSync(path.join(d, 'song.txt'), 'utf8')).toBe('my edit');

    fs.writeFileSync(path.join(d, 'song.txt'), 'v1');
    fs.rmSync(path.join(d, 'notes.txt'));
    const deleted = await auxin(['pull'], as(d));
    expect(deleted.stderr).toContain('UNCOMMITTED_CHANGES');
    expect(deleted.stderr).toContain('notes.txt');
    expect(packs(d)).toEqual(before);
    expect(fs.existsSync(path.join(d, 'notes.txt'))).toBe(false);

    fs.writeFileSync(path.join(d, 'notes.txt'), 'n1');
    await ok(['pull'], as(d));
    expectSameFiles(u, d);
  });

  it('an untracked file where the new version has one stops the pull, naming it', async () => {
    const { u, d } = await pair('Collide', { 'song.txt': 'v1' });
    fs.writeFileSync(path.join(d, 'mix.wav'), 'my mix');
    await upstreamAdds(u, 'mix.wav', 'their mix');
    const r = await auxin(['pull'], as(d));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UNCOMMITTED_CHANGES');
    expect(r.stderr).toContain('mix.wav');
    expect(r.stderr).not.toContain('--force');
    expect(fs.readFileSync(path.join(d, 'mix.wav'), 'utf8')).toBe('my mix');
  });

  it('an ignored local file where the new version tracks one stops the pull; it is never overwritten', async () => {
    const { u, d } = await pair('Ignored', {
      '.auxinignore': '*.bak\nBounces/\n',
      'song.txt': 'v1',
    });
    fs.writeFileSync(path.join(d, 'mix.bak'), "A's precious local mix");
    fs.mkdirSync(path.join(d, 'Bounces'));
    fs.writeFileSync(path.join(d, 'Bounces', 'mix.wav'), 'local bounce');
    fs.writeFileSync(path.join(u, '.auxinignore'), '');
    fs.writeFileSync(path.join(u, 'mix.bak'), 'upstream mix');
    fs.mkdirSync(path.join(u, 'Bounces'));
    fs.writeFileSync(path.join(u, 'Bounces', 'mix.wav'), 'upstream bounce');
    await ok(['commit', '-m', 'track bak and bounces'], as(u));
    await ok(['push'], as(u));
    const r = await auxin(['pull'], as(d));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UNCOMMITTED_CHANGES/);
    expect(r.stderr).toContain('mix.bak');
    expect(r.stderr).toContain('Bounces/mix.wav');
    expect(r.stderr).not.toContain('EEXIST');
    expect(fs.readFileSync(path.join(d, 'mix.bak'), 'utf8')).toBe("A's precious local mix");
    expect(fs.readFileSync(path.join(d, 'Bounces', 'mix.wav'), 'utf8')).toBe('local bounce');
    expect(fs.readFileSync(path.join(d, '.auxinignore'), 'utf8')).toBe('*.bak\nBounces/\n');
  });

  it('an ignored local folder the new version also has is kept, with its other files', async () => {
    const { u, d } = await pair('IgnoredDir', { '.auxinignore': 'Bounces/\n', 'song.txt': 'v1' });
    fs.mkdirSync(path.join(d, 'Bounces'));
    fs.writeFileSync(path.join(d, 'Bounces', 'take.wav'), 'local bounce');
    fs.writeFileSync(path.join(u, '.auxinignore'), '');
    await upstreamAdds(u, 'Bounces/mix.wav', 'upstream bounce');
    await ok(['pull'], as(d));
    expect(fs.readFileSync(path.join(d, 'Bounces', 'take.wav'), 'utf8')).toBe('local bounce');
    fs.rmSync(path.join(d, 'Bounces', 'take.wav'));
    expectSameFiles(u, d);
  });

  it('diverged: the refusal names commands that exist, and following them works', async () => {
    const { u, d } = await pair('Diverged', { 'song.txt': 'v1' });
    await upstreamAdds(u, 'theirs.txt', 'theirs');
    fs.writeFileSync(path.join(d, 'mine.txt'), 'mine');
    await ok(['commit', '-m', 'mine'], as(d));
    const r = await auxin(['pull'], as(d));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DIVERGED');
    const commands = [...r.stderr.matchAll(/`auxin ([^`]+)`/g)].map((m) => m[1]!);
    expect(commands, r.stderr).toEqual(['pull --keep-mine', 'pull --keep-theirs']);
    // Pulled from a remote of another name, the advice pulls from there.
    await ok(['remote', 'add', 'studio', `${hub.url}/studio/Diverged`], as(d));
    const other = await auxin(['pull', 'studio'], as(d));
    expect(other.stderr).toContain('`auxin pull studio --keep-theirs`');
    // Taking theirs keeps mine on a branch, here and on the hub.
    const kept = /yours stays on branch `([^`]+)`/.exec(r.stderr)![1]!;
    await ok(commands[1]!.split(' '), as(d));
    const hubBranches = (await (
      await hub.req('/api/repos/studio/Diverged/sync/refs')
    ).json()) as unknown;
    expect(JSON.stringify(hubBranches)).toContain(kept);
    expectSameFiles(u, d);
  });
});
