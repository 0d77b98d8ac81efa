/** Usernames are unique whatever their case; pairs stored before that rule keep working. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hashToken } from '../../src-main/hub/accounts.js';
import { tempDir } from '../helpers/tmp.js';
import { startHub, type TestHub } from './helpers/hub.js';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

function create(hub: TestHub, username: string, password?: string) {
  return hub.req('/api/users', { method: 'POST', json: { username, role: 'producer', password } });
}

describe('usernames differing only in case', () => {
  it('refuses a name taken in another case with 409 ALREADY_EXISTS', async () => {
    t = await startHub();
    const admin = await create(t, 'Admin');
    expect(admin.status).toBe(409);
    expect(await admin.json()).toMatchObject({ code: 'ALREADY_EXISTS', username: 'admin' });
    expect((await create(t, 'ana')).status).toBe(201);
    for (const name of ['ANA', 'Ana', 'ana']) {
      const dup = await create(t, name);
      expect(dup.status, name).toBe(409);
      expect(await dup.json()).toMatchObject({ code: 'ALREADY_EXISTS', username: 'ana' });
    }
    const users = (await (await t.req('/api/users')).json()) as { username: string }[];
    expect(users.map((u) => u.username).sort()).toEqual(['admin', 'ana']);
  });

  it('keeps a pair stored before the rule signing in, each as itself', async () => {
    const dataDir = tempDir('auxin-case-').dir;
    try {
      t = await startHub({ dataDir });
      expect((await create(t, 'mix', 'the mix passphrase')).status).toBe(201);
      await t.stop();
      // Written as an older hub would have: `Mix` next to `mix`, with its own token.
      const file = path.join(dataDir, '.hub', 'users.json');
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        users: { username: string }[];
        tokens: { username: string }[];
      };
      const mix = data.users.find((u) => u.username === 'mix')!;
      data.users.push({ ...mix, username: 'Mix' });
      const oldToken = 'auxin_an-older-hub-issued-this-token';
      data.tokens.push({
        ...data.tokens.find((x) => x.username === 'mix')!,
        id: 'abcdef0123456789',
        username: 'Mix',
        hash: hashToken(oldToken),
      } as { username: string });
      fs.writeFileSync(file, JSON.stringify(data));

      t = await startHub({ dataDir });
      const me = await t.req('/api/auth/me', { token: oldToken });
      expect(await me.json()).toMatchObject({ user: { username: 'Mix' } });
      for (const username of ['mix', 'Mix']) {
        const login = await t.req('/api/auth/login', {
          method: 'POST',
          token: null,
          json: { username, password: 'the mix passphrase' },
        });
        expect(login.status, username).toBe(200);
        expect(await login.json()).toMatchObject({ user: { username } });
      }
    } finally {
      await t?.stop();
      t = null;
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
