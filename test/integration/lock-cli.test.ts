import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { CLI, auxin as runAuxin, type RunResult } from '../helpers/cli.js';

describe('auxin lock', () => {
  let t: TestHub;
  let home: string;
  let project: string;
  const tokens: Record<string, string> = { admin: ADMIN_TOKEN };

  const auxin = (who: string, args: string[], machine = `${who}-mac`): Promise<RunResult> =>
    runAuxin(args, { cwd: project, home, token: tokens[who], env: { AUXIN_MACHINE_ID: machine } });
  const status = async () =>
    JSON.parse((await auxin('ana', ['lock', 'status', '--json'])).stdout) as {
      locked: boolean;
      lock?: {
        user: string;
        reason: string | null;
        ttl_seconds: number;
        last_heartbeat: string;
        expires_at: string;
      };
    };

  beforeAll(async () => {
    t = await startHub();
    home = tempDir('auxin-home-').dir;
    project = path.join(tempDir('auxin-proj-').dir, 'Song');
    fs.mkdirSync(project);
    tokens.ana = await addUser(t, 'ana', 'producer');
    tokens.bob = await addUser(t, 'bob', 'producer');
    expect((await t.req('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(201);
    expect((await auxin('ana', ['init'])).code).toBe(0);
    expect((await auxin('ana', ['remote', 'add', 'origin', `${t.url}/studio/Song`])).code).toBe(0);
  });
  afterAll(async () => {
    await t.stop();
    fs.rmSync(home, { recursive: true, force: true });
    fs.rmSync(path.dirname(project), { recursive: true, force: true });
  });

  it('acquires, refuses others, renews and releases the project lock on origin', async () => {
    expect(await status()).toEqual({ locked: false });
    const got = await auxin('ana', ['lock', 'acquire', '--ttl', '1h', '--reason', 'mixing']);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toContain('locked Song until');
    expect((await status()).lock).toMatchObject({
      user: 'ana',
      reason: 'mixing',
      ttl_seconds: 3600,
    });

    const bob = await auxin('bob', ['lock', 'acquire']);
    expect(bob.code).toBe(1);
    expect(bob.stderr).toMatch(/locked by ana on ana-mac .*\(LOCK_HELD\)/);
    expect((await auxin('ana', ['lock', 'acquire'], 'laptop')).stderr).toContain('LOCK_HELD');
    const steal = await auxin('bob', ['lock', 'release']);
    expect(steal.code).toBe(1);
    expect(steal.stderr).toContain('NOT_LOCK_HOLDER');

    const before = (await status()).lock!;
    const hb = await auxin('ana', ['lock', 'heartbeat', '--json']);
    expect(hb.code).toBe(0);
    expect(
      Date.parse((JSON.parse(hb.stdout) as { expires_at: string }).expires_at),
    ).toBeGreaterThan(Date.parse(before.expires_at));
    expect((await auxin('ana', ['lock', 'release'])).stdout).toContain('released the lock on Song');
    expect(await status()).toEqual({ locked: false });
    expect((await auxin('ana', ['lock', 'release'])).stdout).toContain('was not locked');
  });

  it('force-releases only with a reason and only for an admin or the owner', async () => {
    expect((await auxin('ana', ['lock', 'acquire'])).code).toBe(0);
    expect((await auxin('admin', ['lock', 'force-release'])).code).toBe(1);
    const bob = await auxin('bob', ['lock', 'force-release', '--reason', 'mine now']);
    expect(bob.stderr).toContain('FORBIDDEN');
    const admin = await auxin('admin', ['lock', 'force-release', '--reason', 'ana left', '--json']);
    expect(admin.code, admin.stderr).toBe(0);
    expect(JSON.parse(admin.stdout)).toMatchObject({ released: true, lock: { username: 'ana' } });
    expect(await status()).toEqual({ locked: false });
  });

  it('keeps the lock renewed until SIGINT, then releases it', async () => {
    const child = spawn(
      process.execPath,
      [CLI, 'lock', 'keep', '--ttl', '3s', '--interval', '1', '--json'],
      {
        cwd: project,
        env: { ...process.env, HOME: home, AUXIN_TOKEN: tokens.ana, AUXIN_MACHINE_ID: 'studio' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    let buf = '';
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      lines.push(...parts);
    });
    const exited = new Promise<number | null>((r) => child.once('close', r));
    const until = async (pred: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!pred() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      return pred();
    };
    expect(await until(() => lines.some((l) => l.includes('"renewed"')), 10_000)).toBe(true);
    // Past the first 3 s lease, the lock is still ours thanks to the renewals.
    await new Promise((r) => setTimeout(r, 3200));
    expect((await status()).lock).toMatchObject({ machine_id: 'studio' });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(lines.at(-1)).toContain('"released"');
    expect(await status()).toEqual({ locked: false });
  });
});
