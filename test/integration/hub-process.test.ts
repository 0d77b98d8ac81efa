/** The real `auxin hub` process: start, first-start admin token, SIGTERM, restart, config errors. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { CLI } from '../helpers/cli.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';

const dirs: string[] = [];
const running: HubProcess[] = [];
afterAll(() => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function auth(token: string) {
  return { Authorization: `Bearer ${token}` };
}

describe('auxin hub (a real process)', () => {
  it('serves, prints the admin token once, exits 0 on SIGTERM, and keeps what it acknowledged', async () => {
    const data = tempDir().dir;
    dirs.push(data);
    const first = await startHubProcess(data);
    running.push(first);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.url).not.toMatch(/:0$/);
    const health = await fetch(`${first.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('OK');
    const token = /Admin token \(shown once, keep it safe\): (\S+)/.exec(first.stdout())?.[1];
    expect(token).toMatch(/^auxin_/);

    const created = await fetch(`${first.url}/api/repos/community/MySong.logicx`, {
      method: 'POST',
      headers: auth(token!),
    });
    expect(created.status).toBe(201);
    const user = await fetch(`${first.url}/api/users`, {
      method: 'POST',
      headers: { ...auth(token!), 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'ana', role: 'producer' }),
    });
    const anaToken = ((await user.json()) as { token: string }).token;

    first.child.kill('SIGTERM');
    expect(await first.exited).toEqual({ code: 0, signal: null });
    expect(first.stdout()).toContain('Auxin Hub stopped');

    const second = await startHubProcess(data);
    running.push(second);
    expect(second.stdout()).not.toContain('Admin token');
    const list = await fetch(`${second.url}/api/repos`, { headers: auth(anaToken) });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { name: string }[]).map((r) => r.name)).toEqual([
      'MySong.logicx',
    ]);
    const feed = await fetch(`${second.url}/api/repos/community/MySong.logicx/activity`, {
      headers: auth(token!),
    });
    expect(((await feed.json()) as { events: { type: string }[] }).events[0]!.type).toBe(
      'repo.created',
    );
    second.child.kill('SIGINT');
    expect((await second.exited).code).toBe(0);
  });

  it('takes AUXIN_ADMIN_TOKEN on first start and does not print it', async () => {
    const data = tempDir().dir;
    dirs.push(data);
    const p = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: 'automation-token-1234' } });
    running.push(p);
    expect(p.stdout()).not.toContain('automation-token-1234');
    expect(p.stdout()).toContain('AUXIN_ADMIN_TOKEN');
    expect(
      (await fetch(`${p.url}/api/auth/me`, { headers: auth('automation-token-1234') })).status,
    ).toBe(200);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
  });

  it("names the config file's adminToken, not AUXIN_ADMIN_TOKEN, when the token came from it", async () => {
    const data = tempDir().dir;
    dirs.push(data);
    fs.writeFileSync(
      path.join(data, 'config.json'),
      JSON.stringify({ adminToken: 'config-file-token-1234' }),
    );
    const p = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: '' } });
    running.push(p);
    expect(p.stdout()).not.toContain('config-file-token-1234');
    expect(p.stdout()).toContain(
      "Created user 'admin' with the token from the config file's adminToken.",
    );
    expect(
      (await fetch(`${p.url}/api/auth/me`, { headers: auth('config-file-token-1234') })).status,
    ).toBe(200);
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
  });

  it('ends open live streams on SIGTERM instead of hanging on them', async () => {
    const data = tempDir().dir;
    dirs.push(data);
    const p = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: 'automation-token-1234' } });
    running.push(p);
    // A live stream is in flight: SIGTERM must end it and exit promptly, not hang on it.
    const ctrl = new AbortController();
    const stream = await fetch(`${p.url}/api/events`, {
      headers: auth('automation-token-1234'),
      signal: ctrl.signal,
    });
    expect(stream.status).toBe(200);
    const started = Date.now();
    p.child.kill('SIGTERM');
    expect((await p.exited).code).toBe(0);
    // Under the 10 s grace period: the stream was ended, not waited out.
    expect(Date.now() - started).toBeLessThan(8000);
    ctrl.abort();
  });

  it('lets a request in flight at SIGTERM finish, then exits 0', async () => {
    const data = tempDir().dir;
    dirs.push(data);
    const p = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: 'automation-token-1234' } });
    running.push(p);
    const { port } = new URL(p.url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/repos/community/Slow',
          headers: { ...auth('automation-token-1234'), 'Content-Type': 'application/json' },
        },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"description":');
      setTimeout(() => {
        p.child.kill('SIGTERM');
        setTimeout(() => req.end('"sent slowly"}'), 300);
      }, 100);
    });
    const res = await answer;
    expect(res.status).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ name: 'Slow', description: 'sent slowly' });
    expect((await p.exited).code).toBe(0);
    // Refused after the signal: the hub no longer accepts connections.
    await expect(fetch(`${p.url}/health`)).rejects.toThrow();
  });

  it('refuses bad configuration with one clear line per value and exit 1', async () => {
    const data = tempDir().dir;
    dirs.push(data);
    const child = spawn(process.execPath, [CLI, 'hub', '--data', data, '--port', 'abc'], {
      env: { ...process.env, OXEN_SERVER_HOST: 'bad host', AUXIN_LOG_LEVEL: 'silent' },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toContain("port 'abc' from flag --port");
    expect(err).toContain('OXEN_SERVER_HOST');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(data)).toEqual([]);
  });

  it('reports a port already in use clearly', async () => {
    const data = tempDir().dir;
    dirs.push(data);
    const a = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: 'automation-token-1234' } });
    running.push(a);
    const port = new URL(a.url).port;
    const child = spawn(
      process.execPath,
      [CLI, 'hub', '--data', path.join(data, 'other'), '--host', '127.0.0.1', '--port', port],
      {
        env: { ...process.env, AUXIN_LOG_LEVEL: 'silent' },
      },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/EADDRINUSE|in use/);
    a.child.kill('SIGTERM');
    await a.exited;
  });
});
