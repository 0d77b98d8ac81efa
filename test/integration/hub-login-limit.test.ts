/**
 * The sign-in limits hold against parallel attempts: each attempt is counted before its scrypt
 * check, so a burst sent at once gets no more 401s (guesses) than a slow series would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from './helpers/hub.js';

let t: TestHub | null = null;
afterEach(async () => {
  await t?.stop();
  t = null;
});

async function burst(hub: TestHub, names: string[], password: string): Promise<number[]> {
  const answers = await Promise.all(
    names.map((username) =>
      hub.req('/api/auth/login', { method: 'POST', token: null, json: { username, password } }),
    ),
  );
  for (const a of answers) {
    if (a.status === 429) expect(await a.json()).toMatchObject({ code: 'RATE_LIMITED' });
    else await a.arrayBuffer();
  }
  return answers.map((a) => a.status).sort();
}

describe('sign-in rate limit under parallel attempts', () => {
  it('gives one account at most 5 guesses, however many arrive at once', async () => {
    t = await startHub();
    const created = await t.req('/api/users', {
      method: 'POST',
      json: { username: 'cleo', role: 'producer', password: 'correct horse battery' },
    });
    expect(created.status).toBe(201);
    const statuses = await burst(t, Array<string>(12).fill('cleo'), 'wrong guess');
    expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(7).fill(429)]);
    const right = await t.req('/api/auth/login', {
      method: 'POST',
      token: null,
      json: { username: 'cleo', password: 'correct horse battery' },
    });
    expect(right.status).toBe(429);
  });

  it('gives one address at most 20 guesses across accounts', async () => {
    t = await startHub();
    const names = Array.from({ length: 30 }, (_, i) => `nobody${i}`);
    const statuses = await burst(t, names, 'x');
    expect(statuses).toEqual([...Array<number>(20).fill(401), ...Array<number>(10).fill(429)]);
  });

  it('does not count a successful sign-in against the address', async () => {
    t = await startHub();
    await t.req('/api/users', {
      method: 'POST',
      json: { username: 'dora', role: 'client', password: 'another passphrase' },
    });
    // In sequence: attempts still in flight count against the address until they succeed.
    for (let i = 0; i < 21; i++) {
      const ok = await t.req('/api/auth/login', {
        method: 'POST',
        token: null,
        json: { username: 'dora', password: 'another passphrase' },
      });
      expect(ok.status).toBe(200);
    }
    expect(await burst(t, ['nobody'], 'x')).toEqual([401]);
  });
});
