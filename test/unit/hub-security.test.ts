import { describe, expect, it } from 'vitest';
import { isPublicRoute, presentedToken } from '../../src-main/hub/auth.js';
import { normalizeOrigin, originAllowed } from '../../src-main/hub/security.js';
import { FailureLimiter } from '../../src-main/hub/ratelimit.js';
import { mayReceive } from '../../src-main/hub/sse.js';
import type { RepoInfo } from '../../src-main/hub/types.js';

describe('origin checks', () => {
  const allowed = ['http://studio.local:5173', 'https://hub.example'];
  it('allows exactly the configured origins', () => {
    expect(originAllowed('http://studio.local:5173', allowed)).toBe(true);
    expect(originAllowed('https://hub.example', allowed)).toBe(true);
  });
  it.each([
    undefined,
    '',
    'null',
    'http://studio.local',
    'http://studio.local:5174',
    'https://studio.local:5173',
    'http://studio.local:5173.evil.com',
    'http://evil.com#http://studio.local:5173',
    'https://hub.example.evil',
    'https://hub.example/',
    'https://user@hub.example',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://HUB.example\r\nX: y',
  ])('refuses %j', (origin) => {
    expect(originAllowed(origin, allowed)).toBe(false);
  });
  it('refuses everything when no origin is configured', () => {
    expect(originAllowed('http://localhost:3000', [])).toBe(false);
  });
  it('normalizes only plain http(s) origins', () => {
    expect(normalizeOrigin('HTTP://Studio.Local:80')).toBe('http://studio.local');
    expect(normalizeOrigin('http://a/b')).toBeNull();
  });
});

describe('token extraction', () => {
  it('reads a Bearer header', () => {
    expect(presentedToken('GET', '/api/repos', 'Bearer abc', undefined)).toBe('abc');
    expect(presentedToken('GET', '/api/repos', 'bearer   abc', undefined)).toBe('abc');
  });
  it('refuses malformed headers', () => {
    for (const h of [
      'Basic abc',
      'Bearer',
      'Bearer ',
      'Bearer a b',
      'Bearerabc',
      `Bearer ${'x'.repeat(600)}`,
    ]) {
      expect(presentedToken('GET', '/api/repos', h, undefined), h).toBeNull();
    }
  });
  it('accepts a query token only on the live stream', () => {
    expect(presentedToken('GET', '/api/events', undefined, 'tok')).toBe('tok');
    expect(presentedToken('GET', '/api/repos', undefined, 'tok')).toBeNull();
    expect(presentedToken('POST', '/api/events', undefined, 'tok')).toBeNull();
    expect(presentedToken('GET', '/api/events', undefined, ['a', 'b'])).toBeNull();
  });
  it('makes only health and sign-in public', () => {
    expect(isPublicRoute('GET', '/health')).toBe(true);
    expect(isPublicRoute('POST', '/api/auth/login')).toBe(true);
    expect(isPublicRoute('GET', '/health/')).toBe(false);
    expect(isPublicRoute('GET', '/HEALTH')).toBe(false);
    expect(isPublicRoute('GET', '/metrics')).toBe(false);
    expect(isPublicRoute('GET', '/api/auth/login')).toBe(false);
  });
});

describe('failed sign-in limiter', () => {
  it('blocks after the limit and frees the key when the window passes', () => {
    let now = 0;
    const l = new FailureLimiter(3, 1000, () => now);
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('k')).toBe(0);
      l.fail('k');
    }
    expect(l.retryAfter('k')).toBe(1);
    expect(l.retryAfter('other')).toBe(0);
    now = 1001;
    expect(l.retryAfter('k')).toBe(0);
  });
});

describe('live stream delivery', () => {
  const repo = (visibility: 'team' | 'private'): RepoInfo => ({
    namespace: 'ns',
    name: 'r',
    path: '/x',
    description: '',
    owner: 'ana',
    visibility,
    collaborators: [],
    created_at: '',
  });
  const ev = { type: 'push', namespace: 'ns', name: 'r', data: {} };
  it('sends repository events only to those who may read the repository', () => {
    expect(mayReceive({ username: 'bob', role: 'client' }, ev, () => repo('team'))).toBe(true);
    expect(mayReceive({ username: 'bob', role: 'producer' }, ev, () => repo('private'))).toBe(
      false,
    );
    expect(mayReceive({ username: 'ana', role: 'producer' }, ev, () => repo('private'))).toBe(true);
    expect(mayReceive({ username: 'bob', role: 'producer' }, ev, () => null)).toBe(false);
    expect(mayReceive({ username: 'root', role: 'admin' }, ev, () => null)).toBe(true);
  });
  it('honours `to` and the repository filter', () => {
    const u = { username: 'bob', role: 'producer' as const };
    expect(mayReceive(u, { ...ev, to: 'ana' }, () => repo('team'))).toBe(false);
    expect(mayReceive(u, { ...ev, to: 'bob' }, () => repo('team'))).toBe(true);
    expect(mayReceive(u, ev, () => repo('team'), { namespace: 'ns', name: 'other' })).toBe(false);
  });
});
