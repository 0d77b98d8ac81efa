/** `auxin login` and `auxin user add` as real processes against a hub, with a temporary HOME. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { auxin } from '../helpers/cli.js';

let t: TestHub;
let home: string;
beforeAll(async () => {
  t = await startHub();
  home = tempDir('auxin-home-').dir;
});
afterAll(async () => {
  await t.stop();
  fs.rmSync(home, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  return auxin(args, { home, env: { AUXIN_TOKEN: '', ...env }, input, timeoutMs: 20_000 });
}

describe('auxin login / auxin user', () => {
  it('refuses a wrong token without saving anything', async () => {
    const r = await run(['login', t.url, '--token', 'wrong-token-0123456789']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('UNAUTHORIZED');
    expect(fs.existsSync(path.join(home, '.auxin', 'credentials.json'))).toBe(false);
  });

  it('saves verified credentials with mode 0600 under $HOME/.auxin', async () => {
    const r = await run(['login', t.url, '--token', ADMIN_TOKEN]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('as admin (admin)');
    const file = path.join(home, '.auxin', 'credentials.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o077).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      default: t.url,
      hubs: { [t.url]: { token: ADMIN_TOKEN, username: 'admin' } },
    });
  });

  it('adds a user against the saved hub and prints the token once', async () => {
    const r = await run(['user', 'add', 'ana', '--role', 'producer', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { user: { username: string; role: string }; token: string };
    expect(out.user).toMatchObject({ username: 'ana', role: 'producer' });
    const me = await t.req('/api/auth/me', { token: out.token });
    expect(await me.json()).toMatchObject({ user: { username: 'ana' } });

    const plain = await run(['user', 'add', 'bob', '--role', 'client', '--hub', t.url]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/Token \(shown once; give it to bob\): auxin_\S+/);

    const dup = await run(['user', 'add', 'bob', '--role', 'client']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toContain('ALREADY_EXISTS');
    const badRole = await run(['user', 'add', 'cleo', '--role', 'root']);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('--role');
  });

  it('lets AUXIN_TOKEN override the saved token', async () => {
    const anaToken = (await (
      await t.req('/api/users/ana/tokens', { method: 'POST', json: {} })
    ).json()) as { token: string };
    const r = await run(['user', 'add', 'dan', '--role', 'client'], {
      AUXIN_TOKEN: anaToken.token,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('FORBIDDEN');
  });

  it('signs in with a password read from stdin', async () => {
    await t.req('/api/users', {
      method: 'POST',
      json: { username: 'eve', role: 'client', password: 'a long passphrase' },
    });
    const r = await run(['login', t.url, '--user', 'eve'], {}, 'a long passphrase\n');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('as eve (client)');
  });

  it('fails fast and clearly when the hub cannot be reached', async () => {
    const started = Date.now();
    const r = await run(['user', 'list', '--hub', 'http://127.0.0.1:9'], {
      AUXIN_TOKEN: 'some-token-0123456789',
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/cannot reach the hub at http:\/\/127\.0\.0\.1:9/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
