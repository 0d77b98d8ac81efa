/**
 * Finding hubs on the studio LAN: a directory of announced `_auxin._tcp` services behind a small
 * adapter (bonjour.ts wires bonjour-service to it), and the check of an address typed by hand.
 */
import { isIP } from 'node:net';
import { AuxinError } from '../../src-shared/errors.js';

export const SERVICE_TYPE = 'auxin';
export const DEFAULT_HUB_PORT = 3000;

/** What a Bonjour browser reports of one service. */
export interface Announced {
  name: string;
  host?: string;
  port: number;
  addresses?: string[];
  txt?: Record<string, unknown>;
}

export interface ServiceBrowser {
  start(up: (s: Announced) => void, down: (s: Announced) => void): void;
  stop(): void;
}

export interface FoundHub {
  name: string;
  url: string;
  /** The hub's version as its announcement says, when it does. */
  version?: string;
}

/**
 * The URL to reach an announced hub: an IPv4 address it listed (a link-local IPv6 one needs a
 * scope id browsers do not take), else its host name; null when nothing usable was announced.
 */
export function hubUrlOf(s: Announced): string | null {
  if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) return null;
  const v4 = (s.addresses ?? []).find((a) => isIP(a) === 4);
  const host = v4 ?? (s.host && /^[A-Za-z0-9.-]{1,253}$/.test(s.host) ? s.host : null);
  return host ? `http://${host}:${s.port}` : null;
}

export class HubDirectory {
  private readonly hubs = new Map<string, FoundHub>();
  private running = false;

  constructor(
    private readonly browser: ServiceBrowser,
    private readonly onChange: (hubs: FoundHub[]) => void = () => {},
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.browser.start(
      (s) => {
        const url = hubUrlOf(s);
        if (!url || typeof s.name !== 'string' || s.name.length > 255) return;
        const version = typeof s.txt?.version === 'string' ? s.txt.version : undefined;
        this.hubs.set(s.name, { name: s.name, url, ...(version ? { version } : {}) });
        this.onChange(this.list());
      },
      (s) => {
        if (this.hubs.delete(s.name)) this.onChange(this.list());
      },
    );
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.browser.stop();
    this.hubs.clear();
  }

  list(): FoundHub[] {
    return [...this.hubs.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * An address typed by hand ("studio-mac.local", "192.168.1.20:3000", "http://hub:8080/") to the
 * hub's origin; refuses paths, credentials and other schemes, which are typos or tricks.
 */
export function parseHubAddress(text: string): string {
  const raw = text.trim();
  const bad = (why: string) =>
    new AuxinError('INVALID_ARGUMENT', `not a hub address: '${text.slice(0, 100)}' (${why})`);
  if (!raw || raw.length > 300 || /\s/.test(raw)) throw bad('type e.g. studio-mac.local:3000');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw bad('type e.g. studio-mac.local:3000');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw bad('http or https only');
  if (u.username || u.password) throw bad('no user name or password in the address');
  if (u.pathname !== '/' || u.search || u.hash) throw bad('no path after the host');
  if (!u.port && u.protocol === 'http:' && !/:\d+$/.test(u.host)) u.port = String(DEFAULT_HUB_PORT);
  return u.origin;
}
