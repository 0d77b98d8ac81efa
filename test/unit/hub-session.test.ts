/** The browser-session decisions, with hostile inputs: which cookie counts, which writes may pass. */
import { describe, expect, it } from 'vitest';
import {
  cookieRequestAllowed,
  isSafeMethod,
  ownOrigin,
  sessionToken,
} from '../../src-main/hub/session.js';
import { isPagePath, isReservedPath } from '../../src-main/hub/static.js';

const HOST = '192.168.1.20:3000';

describe('sessionToken', () => {
  it('reads the session cookie among others', () => {
    expect(sessionToken('a=1; auxin_session=auxin_abc-DEF_123; b=2')).toBe('auxin_abc-DEF_123');
    expect(sessionToken('auxin_session=tok')).toBe('tok');
  });

  it.each([
    [undefined],
    [''],
    ['auxin_session='],
    ['auxin_session="tok"'],
    ['auxin_session=tok en'],
    ['auxin_session=tok%0d%0a'],
    ['auxin_session=../../etc'],
    ['xauxin_session=tok'],
    ['auxin_sessionx=tok'],
    ['auxin_session=' + 'a'.repeat(513)],
    ['a=' + 'b'.repeat(20_000) + '; auxin_session=tok'],
    ['auxin_session=tok\u0000'],
  ])('refuses %j', (header) => {
    expect(sessionToken(header)).toBeNull();
  });

  it('takes only the first value under the name (a planted second one never wins)', () => {
    expect(sessionToken('auxin_session=first; auxin_session=second')).toBe('first');
    expect(sessionToken('auxin_session="bad"; auxin_session=second')).toBeNull();
  });
});

describe('ownOrigin', () => {
  it('builds the origin the browser reached', () => {
    expect(ownOrigin('http', HOST)).toBe('http://192.168.1.20:3000');
    expect(ownOrigin('http', 'Studio-Mac.local:3000')).toBe('http://studio-mac.local:3000');
    expect(ownOrigin('http', '[::1]:3000')).toBe('http://[::1]:3000');
  });

  it.each([
    ['http', ''],
    ['http', undefined],
    ['http', 'evil.com@hub:3000'],
    ['http', 'hub:3000/path'],
    ['http', 'hub:3000 evil'],
    ['http', 'hub:3000\r\nX: y'],
    ['javascript', 'hub'],
    ['http', 'hub:99999999'],
  ])('refuses %s %j', (protocol, host) => {
    expect(ownOrigin(protocol, host)).toBeNull();
  });
});

describe('cookieRequestAllowed', () => {
  it('lets reads through from anywhere (their answers are not shared cross-site)', () => {
    for (const m of ['GET', 'HEAD', 'OPTIONS']) {
      expect(isSafeMethod(m)).toBe(true);
      expect(cookieRequestAllowed(m, 'https://evil.example', 'http', HOST)).toBe(true);
    }
  });

  it('lets a write from the hub’s own page through', () => {
    expect(cookieRequestAllowed('POST', 'http://192.168.1.20:3000', 'http', HOST)).toBe(true);
    expect(cookieRequestAllowed('DELETE', 'http://192.168.1.20:3000', 'http', HOST)).toBe(true);
  });

  it.each([
    [undefined],
    [''],
    ['null'],
    ['https://evil.example'],
    ['http://192.168.1.20:3001'],
    ['https://192.168.1.20:3000'],
    ['http://192.168.1.20'],
    ['http://192.168.1.20:3000/'],
    ['http://192.168.1.20:3000.evil.example'],
    ['http://evil.example#http://192.168.1.20:3000'],
    ['http://user@192.168.1.20:3000'],
    ['file://'],
    [' http://192.168.1.20:3000'],
    ['http://192.168.1.20:3000, http://evil.example'],
  ])('refuses a write from Origin %j', (origin) => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE', 'post', 'PROPFIND']) {
      expect(cookieRequestAllowed(m, origin, 'http', HOST)).toBe(false);
    }
  });

  it('refuses a write when the Host header is not a host', () => {
    expect(cookieRequestAllowed('POST', 'http://hub', 'http', 'hub/../x')).toBe(false);
  });
});

describe('isReservedPath', () => {
  it.each(['/api', '/api/', '/api/repos', '/API/repos', '/health', '/metrics', '/health/x'])(
    'keeps %s for the API',
    (p) => expect(isReservedPath(p)).toBe(true),
  );
  it.each(['/', '/projects/studio/song', '/apiary', '/healthy', '/metrics-board'])(
    'lets the page have %s',
    (p) => expect(isReservedPath(p)).toBe(false),
  );
});

describe('isPagePath', () => {
  it.each(['/', '/projects/studio/My%20Song.logicx', '/projects/a/b/', '/activity', '/settings'])(
    'serves the page at %s',
    (p) => expect(isPagePath(p)).toBe(true),
  );
  it.each([
    '/../../etc/passwd',
    '/sync/refs',
    '/projects/%2e%2e/x',
    '/projects/studio/..',
    '/projects/a/b%2Fc',
    '/projects/a/b%5Cc',
    '/projects/a/%00',
    '/projects/a/%E0%A4%A',
    '/projects/a',
    '/projects/a/b/c',
    '/index.htm',
    '/activity/x',
    '/settings/../api',
    '/Activity',
  ])('leaves %s to the API', (p) => expect(isPagePath(p)).toBe(false));
});
