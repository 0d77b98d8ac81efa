import { describe, expect, it } from 'vitest';
import { externalUrl, isAllowedNavigation, isOwnFrame } from '../../src-main/desktop/security.js';

const APP = 'http://127.0.0.1:3000';

describe('isAllowedNavigation', () => {
  it.each([
    'http://127.0.0.1:3000/',
    'http://127.0.0.1:3000/#/projects/s/Song',
    'http://127.0.0.1:3000/a?b=c',
  ])('allows the app origin: %s', (url) => expect(isAllowedNavigation(url, APP)).toBe(true));
  it.each([
    '',
    'not a url',
    'http://127.0.0.1:3001/',
    'https://127.0.0.1:3000/',
    'http://localhost:3000/',
    'http://127.0.0.1:3000@evil.example/',
    'http://user:pw@127.0.0.1:3000/',
    'http://127.0.0.1.evil.example:3000/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'about:blank',
    'devtools://devtools/bundled/inspector.html',
    'chrome://settings',
  ])('refuses %j', (url) => expect(isAllowedNavigation(url, APP)).toBe(false));
  it('refuses everything when the app origin itself is not http(s)', () => {
    expect(isAllowedNavigation('file:///a', 'file:///a')).toBe(false);
  });
});

describe('isOwnFrame', () => {
  it('accepts the top frame of the app page', () => {
    expect(isOwnFrame({ url: `${APP}/#/locks`, parent: null }, APP)).toBe(true);
  });
  it.each([
    ['no frame', null],
    ['a frame without a URL', { url: undefined as unknown as string }],
    ['a foreign page', { url: 'https://evil.example/', parent: null }],
    ['an iframe of the app origin', { url: `${APP}/`, parent: { url: APP } }],
    ['a file page', { url: 'file:///Users/ana/x.html', parent: null }],
    ['a frame with credentials', { url: 'http://x@127.0.0.1:3000/', parent: null }],
  ])('refuses %s', (_why, frame) => expect(isOwnFrame(frame, APP)).toBe(false));
});

describe('externalUrl', () => {
  it('hands http(s) links to the browser', () => {
    expect(externalUrl('https://support.apple.com/logic')).toBe('https://support.apple.com/logic');
    expect(externalUrl('http://example.com')).toBe('http://example.com/');
  });
  it.each([
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:1',
    'x-apple.systempreferences:',
    'https://a:b@x.com/',
  ])('never opens %j', (url) => expect(externalUrl(url)).toBeNull());
});
