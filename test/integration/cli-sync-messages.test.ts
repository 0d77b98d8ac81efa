/**
 * The everyday mistakes around push and clone get a message that says what to do, with a code:
 * pushing before the first commit, no token for the hub, cloning onto a file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';

describe('messages that say what to do', () => {
  let work = '';
  let hub: TestHub;
  let home = '';
  beforeAll(async () => {
    work = tempDir('auxin-messages-').dir;
    home = path.join(work, 'home');
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function project(name: string, commit: boolean): Promise<string> {
    const dir = path.join(work, name);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'song.txt'), 'la');
    await ok(['init'], { cwd: dir, home });
    if (commit) await ok(['commit', '-m', 'v1'], { cwd: dir, home });
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/${name}`], { cwd: dir, home });
    return dir;
  }

  it('push before the first commit says to commit first', async () => {
    const dir = await project('Fresh', false);
    const r = await auxin(['push'], { cwd: dir, home, token: 'whatever-token' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^auxin: nothing to push: 'main' has no versions yet; commit first .*\(UNKNOWN_REVISION\)\n$/,
    );
  });

  it('push and clone without a token name `auxin login URL` and AUXIN_TOKEN', async () => {
    const dir = await project('NoToken', true);
    const hint = `run \`auxin login ${hub.url}\` or set AUXIN_TOKEN`;
    const pushed = await auxin(['push'], { cwd: dir, home, token: null });
    expect(pushed.code).toBe(1);
    expect(pushed.stderr).toBe(
      `auxin: the hub at ${hub.url} needs a token: ${hint} (UNAUTHORIZED)\n`,
    );
    const cloned = await auxin(['clone', `${hub.url}/studio/NoToken`, 'copy'], {
      cwd: work,
      home,
      token: null,
    });
    expect(cloned.stderr).toBe(
      `auxin: the hub at ${hub.url} needs a token: ${hint} (UNAUTHORIZED)\n`,
    );
    const wrong = await auxin(['push'], { cwd: dir, home, token: 'not-a-real-token-000' });
    expect(wrong.stderr).toMatch(
      /refused your token \(invalid or revoked token\); run `auxin login .*` again or set AUXIN_TOKEN \(UNAUTHORIZED\)\n$/,
    );
  });

  it('a push that only moves a branch to versions the hub has says so, not "pushed 0"', async () => {
    const dir = await project('Moved', true);
    expect((await ok(['push'], { cwd: dir, home, token: ADMIN_TOKEN })).stdout).toMatch(
      /^pushed 1 version to origin\/main/,
    );
    await ok(['branch', 'feat'], { cwd: dir, home, token: ADMIN_TOKEN });
    const head = (await ok(['log', '--json'], { cwd: dir, home, token: ADMIN_TOKEN })).stdout.match(
      /"id": "([0-9a-f]{12})/,
    )![1];
    const out = await ok(['push', 'origin', 'feat'], { cwd: dir, home, token: ADMIN_TOKEN });
    expect(out.stdout).toBe(`origin/feat now at ${head} (the hub had its versions already)\n`);
  });

  it('clone onto a file is refused with a code, not a raw ENOTDIR', async () => {
    const file = path.join(work, 'taken.txt');
    fs.writeFileSync(file, 'mine');
    for (const target of [file, path.join(file, 'inside')]) {
      const r = await auxin(['clone', `${hub.url}/studio/Any`, target], { cwd: work, home });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^auxin: .*file.* \(ALREADY_EXISTS\)\n$/);
      expect(r.stderr).not.toContain('ENOTDIR');
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
  });
});
