/** The addresses offered to teammates: only the machine's own, reachable ones, for where it listens. */
import { describe, expect, it } from 'vitest';
import { lanAddress, type InterfaceAddress } from '../../src-main/hub/lan-address.js';

const table: Record<string, InterfaceAddress[]> = {
  lo: [
    { address: '127.0.0.1', family: 'IPv4', internal: true },
    { address: '::1', family: 'IPv6', internal: true },
  ],
  en0: [
    { address: '192.168.1.20', family: 'IPv4', internal: false },
    { address: 'fe80::1c2b:3cff:fe4d:5e6f', family: 'IPv6', internal: false },
    { address: '2001:db8::20', family: 'IPv6', internal: false },
  ],
  en1: [{ address: '10.0.0.5', family: 4, internal: false }],
  // A loopback address not flagged internal (seen on some virtual interfaces).
  tun0: [{ address: '127.0.1.1', family: 'IPv4', internal: false }],
};

describe('lanAddress', () => {
  it('lists every non-loopback IPv4 address when the hub listens on 0.0.0.0', () => {
    expect(lanAddress('0.0.0.0', 8080, table)).toEqual({
      host: '0.0.0.0',
      port: 8080,
      urls: ['http://192.168.1.20:8080', 'http://10.0.0.5:8080'],
      loopback_only: false,
    });
  });

  it('adds global IPv6 addresses (bracketed) when it listens on ::, never link-local ones', () => {
    expect(lanAddress('::', 9000, table).urls).toEqual([
      'http://192.168.1.20:9000',
      'http://10.0.0.5:9000',
      'http://[2001:db8::20]:9000',
    ]);
  });

  it('names only the address it is bound to', () => {
    expect(lanAddress('192.168.1.20', 8080, table).urls).toEqual(['http://192.168.1.20:8080']);
    expect(lanAddress('2001:db8::20', 8080, table).urls).toEqual(['http://[2001:db8::20]:8080']);
  });

  it('gives https:// addresses for a hub serving TLS', () => {
    expect(lanAddress('192.168.1.20', 8080, table, true).urls).toEqual([
      'https://192.168.1.20:8080',
    ]);
    const all = lanAddress('0.0.0.0', 8080, table, true).urls;
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((u) => u.startsWith('https://'))).toBe(true);
  });

  it('says when teammates cannot reach it at all', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.9.9.9']) {
      expect(lanAddress(host, 8080, table)).toEqual({
        host,
        port: 8080,
        urls: [],
        loopback_only: true,
      });
    }
  });

  it('offers nothing when the machine has no network, and survives odd tables', () => {
    expect(lanAddress('0.0.0.0', 1, { lo: table.lo }).urls).toEqual([]);
    expect(lanAddress('0.0.0.0', 1, {}).urls).toEqual([]);
    expect(lanAddress('0.0.0.0', 1, { x: undefined }).urls).toEqual([]);
    const twice = { a: table.en1!, b: table.en1! };
    expect(lanAddress('0.0.0.0', 1, twice).urls).toEqual(['http://10.0.0.5:1']);
  });
});
