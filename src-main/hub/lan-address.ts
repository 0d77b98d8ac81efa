/**
 * The URLs teammates can use to reach this hub: a pure function of where it listens and the
 * machine's own interfaces (os.networkInterfaces()), so it is tested with any interface table.
 * Only the machine's own addresses are offered; nothing from the request (a Host header) is used.
 */
import type { HubAddress } from '../../src-shared/api/hub.js';

export interface InterfaceAddress {
  address: string;
  family: string | number;
  internal: boolean;
}

const ALL_V4 = new Set(['0.0.0.0', '']);
const ALL = new Set(['::', '[::]']);

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function isV6(family: string | number): boolean {
  return family === 'IPv6' || family === 6;
}

function url(address: string, port: number, secure: boolean): string {
  return `${secure ? 'https' : 'http'}://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

export function lanAddress(
  host: string,
  port: number,
  interfaces: Record<string, InterfaceAddress[] | undefined>,
  /** A hub serving HTTPS (`auxin hub --tls`). */
  secure = false,
): HubAddress {
  if (isLoopback(host)) return { host, port, urls: [], loopback_only: true };
  if (!ALL_V4.has(host) && !ALL.has(host)) {
    // Bound to one address (or a name): that is the only one it answers on.
    return { host, port, urls: [url(host, port, secure)], loopback_only: false };
  }
  const v4: string[] = [];
  const v6: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal || isLoopback(a.address)) continue;
      if (isV6(a.family)) {
        // Link-local (fe80::/10) needs a zone id a browser cannot take: useless to a teammate.
        if (ALL.has(host) && !/^fe[89ab]/i.test(a.address)) v6.push(a.address);
      } else {
        v4.push(a.address);
      }
    }
  }
  const urls = [...new Set([...v4, ...v6])].map((a) => url(a, port, secure));
  return { host, port, urls, loopback_only: false };
}
