import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, addUser, startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startHub();
});
afterAll(async () => {
  await t.stop();
});

describe('accounts and tokens over HTTP', () => {
  it('answers /health without a token and everything else only with one', async () => {
    const health = await t.req('/health', { token: null });
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('OK');
    for (const p of ['/api/repos', '/metrics', '/api/users', '/api/events', '/api/nothing-here']) {
      const res = await t.req(p, { token: null });
      expect(res.status, p).toBe(401);
      expect(await res.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
    const bad = await t.req('/api/repos', { token: 'auxin_not-a-real-token' });
    expect(bad.status).toBe(401);
  });

  it('takes AUXIN_ADMIN_TOKEN verbatim and stores only hashes', async () => {
    const me = await t.req('/api/auth/me');
    expect(await me.json()).toMatchObject({ user: { username: 'admin', role: 'admin' } });
    const file = fs.readFileSync(path.join(t.dataDir, '.hub', 'users.json'), 'utf8');
    expect(file).not.toContain(ADMIN_TOKEN);
    expect(fs.statSync(path.join(t.dataDir, '.hub', 'users.json')).mode & 0o077).toBe(0);
  });

  it('lets an admin create users, shows each token once, and refuses others', async () => {
    const res = await t.req('/api/users', {
      method: 'POST',
      json: { username: 'ana', role: 'producer' },
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { user: { username: string; role: string }; token: string };
    expect(body.user).toMatchObject({ username: 'ana', role: 'producer' });
    expect(body.token).toMatch(/^auxin_[A-Za-z0-9_-]{40,}$/);
    const file = fs.readFileSync(path.join(t.dataDir, '.hub', 'users.json'), 'utf8');
    expect(file).not.toContain(body.token);

    const asAna = await t.req('/api/users', {
      method: 'POST',
      token: body.token,
      json: { username: 'x', role: 'admin' },
    });
    expect(asAna.status).toBe(403);
    expect(await asAna.json()).toMatchObject({ code: 'FORBIDDEN' });

    const dup = await t.req('/api/users', {
      method: 'POST',
      json: { username: 'ana', role: 'client' },
    });
    expect(dup.status).toBe(409);
    const invalid = await t.req('/api/users', {
      method: 'POST',
      json: { username: '../x', role: 'root' },
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lists and revokes tokens; a revoked token stops working at once', async () => {
    const tok = await addUser(t, 'bob', 'client');
    const second = await t.req('/api/users/bob/tokens', {
      method: 'POST',
      token: tok,
      json: { label: 'laptop' },
    });
    expect(second.status).toBe(201);
    const { token: laptop, token_id } = (await second.json()) as {
      token: string;
      token_id: string;
    };
    const list = (await (await t.req('/api/users/bob/tokens', { token: tok })).json()) as {
      id: string;
      label: string;
    }[];
    expect(list.map((x) => x.label).sort()).toEqual(['created', 'laptop']);
    expect(JSON.stringify(list)).not.toContain(laptop);

    const other = await t.req('/api/users/admin/tokens', { token: tok });
    expect(other.status).toBe(403);

    const del = await t.req(`/api/users/bob/tokens/${token_id}`, { method: 'DELETE', token: tok });
    expect(del.status).toBe(204);
    expect((await t.req('/api/repos', { token: laptop })).status).toBe(401);
    expect((await t.req('/api/repos', { token: tok })).status).toBe(200);
  });

  it('signs in with a password and rate-limits failed attempts', async () => {
    const created = await t.req('/api/users', {
      method: 'POST',
      json: { username: 'cleo', role: 'producer', password: 'correct horse battery' },
    });
    expect(created.status).toBe(201);
    const ok = await t.req('/api/auth/login', {
      method: 'POST',
      token: null,
      json: { username: 'cleo', password: 'correct horse battery' },
    });
    expect(ok.status).toBe(200);
    const { token } = (await ok.json()) as { token: string };
    expect((await t.req('/api/auth/me', { token })).status).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await t.req('/api/auth/login', {
        method: 'POST',
        token: null,
        json: { username: 'cleo', password: 'wrong' },
      });
      statuses.push(r.status);
      if (r.status === 429) {
        expect(await r.json()).toMatchObject({ code: 'RATE_LIMITED' });
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    // Even the right password waits while the account is limited.
    const blocked = await t.req('/api/auth/login', {
      method: 'POST',
      token: null,
      json: { username: 'cleo', password: 'correct horse battery' },
    });
    expect(blocked.status).toBe(429);

    // Another account from the same address is not locked out by cleo's failures...
    await t.req('/api/users', {
      method: 'POST',
      json: { username: 'dora', role: 'client', password: 'another passphrase' },
    });
    const dora = await t.req('/api/auth/login', {
      method: 'POST',
      token: null,
      json: { username: 'dora', password: 'another passphrase' },
    });
    expect(dora.status).toBe(200);
    // ...until the address itself has failed too often: 5 for cleo + 15 here = 20.
    for (let i = 0; i < 15; i++) {
      await t.req('/api/auth/login', {
        method: 'POST',
        token: null,
        json: { username: `nobody${i}`, password: 'x' },
      });
    }
    const flooded = await t.req('/api/auth/login', {
      method: 'POST',
      token: null,
      json: { username: 'dora', password: 'another passphrase' },
    });
    expect(flooded.status).toBe(429);

    const logout = await t.req('/api/auth/logout', { method: 'POST', token });
    expect(logout.status).toBe(204);
    expect((await t.req('/api/auth/me', { token })).status).toBe(401);
  });

  it('serves Prometheus counters to any signed-in user', async () => {
    const res = await t.req('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    for (const name of [
      'auxin_http_requests_total',
      'auxin_http_errors_total',
      'auxin_http_bytes_in_total',
      'auxin_http_bytes_out_total',
      'auxin_pushes_total',
      'auxin_pulls_total',
      'auxin_locks_total',
    ]) {
      expect(text).toContain(`# TYPE ${name} counter`);
    }
    expect(text).toMatch(/auxin_http_requests_total\{method="GET",status="401"\} [1-9]/);
  });

  it('echoes a request id', async () => {
    const res = await t.req('/health', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const gen = await t.req('/health', { headers: { 'X-Request-Id': 'bad id\u00e9' } });
    expect(gen.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
