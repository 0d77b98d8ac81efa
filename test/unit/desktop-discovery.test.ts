import { describe, expect, it } from 'vitest';
import {
  HubDirectory,
  hubUrlOf,
  parseHubAddress,
  type Announced,
  type ServiceBrowser,
} from '../../src-main/desktop/discovery.js';

function fakeBrowser() {
  let up: (s: Announced) => void = () => {};
  let down: (s: Announced) => void = () => {};
  let stopped = false;
  const browser: ServiceBrowser = {
    start: (u, d) => ((up = u), (down = d)),
    stop: () => void (stopped = true),
  };
  return {
    browser,
    up: (s: Announced) => up(s),
    down: (s: Announced) => down(s),
    stopped: () => stopped,
  };
}

describe('hub discovery', () => {
  it('lists announced hubs by name, prefers an IPv4 address, forgets hubs that leave', () => {
    const f = fakeBrowser();
    const seen: number[] = [];
    const dir = new HubDirectory(f.browser, (l) => seen.push(l.length));
    dir.start();
    f.up({
      name: 'Studio',
      host: 'studio.local',
      port: 3000,
      addresses: ['fe80::1', '192.168.1.20'],
      txt: { version: '1' },
    });
    f.up({ name: 'Annex', host: 'annex.local', port: 8080, addresses: [] });
    expect(dir.list()).toEqual([
      { name: 'Annex', url: 'http://annex.local:8080' },
      { name: 'Studio', url: 'http://192.168.1.20:3000', version: '1' },
    ]);
    f.down({ name: 'Annex', port: 8080 });
    expect(dir.list().map((h) => h.name)).toEqual(['Studio']);
    expect(seen).toEqual([1, 2, 1]);
    dir.stop();
    expect(f.stopped()).toBe(true);
    expect(dir.list()).toEqual([]);
  });
  it.each([
    { name: 'bad port', port: 0, addresses: ['10.0.0.1'] },
    { name: 'huge port', port: 70000, addresses: ['10.0.0.1'] },
    { name: 'no address', port: 3000, host: 'evil host/path' },
  ])('ignores an unusable announcement: $name', (s) => {
    const f = fakeBrowser();
    const dir = new HubDirectory(f.browser);
    dir.start();
    f.up(s as Announced);
    expect(dir.list()).toEqual([]);
    expect(hubUrlOf(s as Announced)).toBeNull();
  });
});

describe('a typed hub address', () => {
  it.each([
    ['studio-mac.local', 'http://studio-mac.local:3000'],
    ['192.168.1.20:8080', 'http://192.168.1.20:8080'],
    ['http://hub:3000/', 'http://hub:3000'],
    ['https://hub.example', 'https://hub.example'],
    ['  studio.local  ', 'http://studio.local:3000'],
  ])('%s → %s', (typed, url) => expect(parseHubAddress(typed)).toBe(url));
  it.each([
    '',
    'ftp://hub',
    'http://user:pw@hub',
    'http://hub/api/repos',
    'http://hub?x=1',
    'hub name',
    'file:///etc',
    'javascript:alert(1)',
    'x'.repeat(400),
  ])('refuses %j', (typed) => expect(() => parseHubAddress(typed)).toThrow(/not a hub address/));
});
