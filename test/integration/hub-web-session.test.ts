/**
 * Browser sessions on a real hub: the sign-in cookie and its flags, the Origin rule for writes
 * the cookie authenticates, the live stream on a cookie, sign-out ending the session on the hub,
 * and bearer tokens working as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { openSse } from './helpers/sse.js';

let t: TestHub;
let anaToken: string;
const PASSWORD = 'correct horse battery';

beforeAll(async () => {
  t = await startHub({ rendererDir: null });
  const res = await t.req('/api/users', {
    method: 'POST',
    json: { username: 'ana', role: 'producer', password: PASSWORD },
  });
  anaToken = ((await res.json()) as { token: string }).token;
  await addUser(t, 'ben', 'producer');
  expect((await t.req('/api/repos/studio/Song.logicx', { method: 'POST' })).status).toBe(201);
});
afterAll(() => t.stop());

function own(): string {
  return t.url;
}

async function signIn(body: unknown, origin?: string) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (origin) headers.Origin = origin;
  return fetch(`${t.url}/api/auth/session`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
}

async function cookieOf(res: Response): Promise<string> {
  const set = res.headers.get('set-cookie')!;
  return set.split(';')[0]!;
}

function withCookie(cookie: string, init: RequestInit & { origin?: string } = {}) {
  const headers = new Headers(init.headers);
  headers.set('Cookie', cookie);
  if (init.origin) headers.set('Origin', init.origin);
  return { ...init, headers };
}

describe('browser sessions', () => {
  it('signs in with a password into an HttpOnly, SameSite=Strict cookie, no token in the body', async () => {
    const res = await signIn({ username: 'ana', password: PASSWORD }, own());
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ user: { username: 'ana', role: 'producer' } });
    expect(body).not.toMatch(/auxin_/);
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/^auxin_session=auxin_[A-Za-z0-9_-]+;/);
    expect(set).toContain('HttpOnly');
    expect(set).toContain('SameSite=Strict');
    expect(set).toContain('Path=/');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('signs in with a pasted token, giving the browser a session of its own', async () => {
    const res = await signIn({ token: anaToken }, own());
    expect(res.status).toBe(200);
    const cookie = await cookieOf(res);
    expect(cookie).not.toContain(anaToken);
    const bad = await signIn({ token: 'auxin_not-a-token' }, own());
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('refuses a wrong password and a sign-in sent from another site', async () => {
    const wrong = await signIn({ username: 'ana', password: 'nope' }, own());
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    const foreign = await signIn({ username: 'ana', password: PASSWORD }, 'https://evil.example');
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    expect(foreign.headers.get('set-cookie')).toBeNull();
  });

  it('reads with the cookie, and writes with it only from the hub’s own origin', async () => {
    const cookie = await cookieOf(await signIn({ username: 'ana', password: PASSWORD }, own()));
    const me = await fetch(`${t.url}/api/auth/me`, withCookie(cookie));
    expect(await me.json()).toMatchObject({ user: { username: 'ana' } });

    const acquire = `${t.url}/api/repos/studio/Song.logicx/locks/acquire`;
    const lockBody = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ machine_id: 'browser', reason: 'mixing' }),
    };
    for (const origin of [undefined, 'https://evil.example', 'null', `${own()}.evil.example`]) {
      const res = await fetch(acquire, withCookie(cookie, { ...lockBody, origin }));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    }
    const status = await t.req('/api/repos/studio/Song.logicx/locks/status');
    expect(await status.json()).toEqual({ locked: false });

    const ok = await fetch(acquire, withCookie(cookie, { ...lockBody, origin: own() }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ username: 'ana', reason: 'mixing' });
    const release = await fetch(
      `${t.url}/api/repos/studio/Song.logicx/locks/release`,
      withCookie(cookie, { ...lockBody, origin: own() }),
    );
    expect(await release.json()).toMatchObject({ released: true });
  });

  it('opens the live stream on the cookie, and signing out revokes the session and its stream', async () => {
    const cookie = await cookieOf(await signIn({ username: 'ana', password: PASSWORD }, own()));
    const { status, reader } = await openSse(`${t.url}/api/events`, { Cookie: cookie });
    expect(status).toBe(200);
    await t.req('/api/repos/studio/Song.logicx/locks/acquire', {
      method: 'POST',
      json: { machine_id: 'cli' },
    });
    await reader.until((r) => r.events.some((e) => e.event === 'lock.acquired'));

    const foreignOut = await fetch(
      `${t.url}/api/auth/session`,
      withCookie(cookie, { method: 'DELETE', origin: 'https://evil.example' }),
    );
    expect(foreignOut.status).toBe(403);
    const out = await fetch(
      `${t.url}/api/auth/session`,
      withCookie(cookie, { method: 'DELETE', origin: own() }),
    );
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^auxin_session=; .*Max-Age=0/);
    await reader.closed;
    const after = await fetch(`${t.url}/api/auth/me`, withCookie(cookie));
    expect(after.status).toBe(401);
  });

  it('keeps bearer tokens working, and prefers them over a cookie', async () => {
    const me = await t.req('/api/auth/me', { token: anaToken });
    expect(await me.json()).toMatchObject({ user: { username: 'ana' } });
    // A bearer write needs no Origin: the CLI sends none.
    const res = await t.req('/api/repos/studio/Song.logicx/locks/notify', {
      method: 'POST',
      token: anaToken,
      headers: { Cookie: 'auxin_session=auxin_garbage' },
    });
    expect(res.status).toBe(200);
    const garbage = await fetch(`${t.url}/api/auth/me`, { headers: { Cookie: 'auxin_session=x' } });
    expect(garbage.status).toBe(401);
  });
});

describe('GET /api/auth/session', () => {
  it('says who the cookie belongs to, or nobody, never with a 401', async () => {
    const nobody = await fetch(`${t.url}/api/auth/session`);
    expect(nobody.status).toBe(200);
    expect(await nobody.json()).toEqual({ user: null });
    const stale = await fetch(`${t.url}/api/auth/session`, withCookie('auxin_session=auxin_gone'));
    expect(await stale.json()).toEqual({ user: null });
    const cookie = await cookieOf(await signIn({ username: 'ana', password: PASSWORD }, own()));
    const ana = await fetch(`${t.url}/api/auth/session`, withCookie(cookie));
    expect(await ana.json()).toMatchObject({ user: { username: 'ana', role: 'producer' } });
  });
});
