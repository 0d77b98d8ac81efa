/**
 * The real Bonjour adapter (bonjour-service): the hub's announcement of `_auxin._tcp` is found by
 * the app's browser and becomes a hub in the directory. Kept on loopback (multicast interface
 * 127.0.0.1) and on a UDP port of its own instead of 5353, so nothing leaves this machine and
 * parallel runs do not hear each other. Skipped, saying why, when this machine cannot loop
 * multicast back to itself.
 */
import * as dgram from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { advertiseHub, bonjourBrowser, type MdnsOptions } from '../../src-main/desktop/bonjour.js';
import { HubDirectory, type FoundHub } from '../../src-main/desktop/discovery.js';

const GROUP = '224.0.0.251';

async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const { port } = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Whether a multicast datagram sent on loopback comes back here; why not, when it does not. */
async function loopbackMulticast(): Promise<string | null> {
  const port = await freeUdpPort();
  const s = dgram.createSocket({ type: 'udp4', reuseAddr: true });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.bind(port, '0.0.0.0', () => resolve());
    });
    s.addMembership(GROUP, '127.0.0.1');
    s.setMulticastInterface('127.0.0.1');
    s.setMulticastLoopback(true);
    const heard = new Promise<boolean>((resolve) => {
      s.once('message', () => resolve(true));
      setTimeout(() => resolve(false), 1500);
    });
    s.send('ping', port, GROUP);
    return (await heard) ? null : 'a multicast datagram on loopback never came back';
  } catch (e) {
    return `multicast on loopback is unavailable here: ${(e as Error).message}`;
  } finally {
    s.close();
  }
}

const unavailable = await loopbackMulticast();

describe('Bonjour on loopback (bonjour-service)', () => {
  it.skipIf(unavailable !== null)(
    `the hub's _auxin._tcp announcement is found by the app's browser${unavailable ? ` (skipped: ${unavailable})` : ''}`,
    async () => {
      const mdns: MdnsOptions = {
        interface: '127.0.0.1',
        bind: '0.0.0.0',
        port: await freeUdpPort(),
      };
      const name = `Auxin Hub test ${process.pid}`;
      const withdraw = advertiseHub(name, 45678, '1', mdns);
      let seen: FoundHub[] = [];
      let onHubs: (hubs: FoundHub[]) => void = () => {};
      const dir = new HubDirectory(bonjourBrowser(mdns), (hubs) => onHubs(hubs));
      const found = new Promise<FoundHub | undefined>((resolve) => {
        const t = setTimeout(() => resolve(undefined), 10_000);
        onHubs = (hubs) => {
          seen = hubs;
          const hit = hubs.find((h) => h.name === name);
          if (hit) {
            clearTimeout(t);
            resolve(hit);
          }
        };
      });
      dir.start();
      try {
        const hub = await found;
        expect(hub, `hubs seen: ${JSON.stringify(seen)}`).toBeDefined();
        expect(hub!.version).toBe('1');
        expect(hub!.url).toMatch(/^http:\/\/[^/]+:45678$/);
      } finally {
        dir.stop();
        await withdraw();
      }
    },
    20_000,
  );
});
