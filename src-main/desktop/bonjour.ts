/**
 * bonjour-service behind the discovery adapter: browsing for `_auxin._tcp` hubs, and the hub's
 * own announcement when it shares on the LAN. Only this file knows the library.
 */
import { Bonjour } from 'bonjour-service';
import { SERVICE_TYPE, type Announced, type ServiceBrowser } from './discovery.js';

/**
 * Where mDNS runs: by default every interface on port 5353, as Bonjour does; tests keep it on
 * loopback (`interface: '127.0.0.1'`) and a port of their own.
 */
export interface MdnsOptions {
  interface?: string;
  port?: number;
  bind?: string;
}

export function bonjourBrowser(mdns: MdnsOptions = {}): ServiceBrowser {
  let bonjour: Bonjour | null = null;
  return {
    start(up, down) {
      bonjour = new Bonjour(mdns);
      const browser = bonjour.find({ type: SERVICE_TYPE, protocol: 'tcp' });
      browser.on('up', (s) => up(s as unknown as Announced));
      browser.on('down', (s) => down(s as unknown as Announced));
    },
    stop() {
      bonjour?.destroy();
      bonjour = null;
    },
  };
}

/** Announce a hub on the LAN; returns the function that withdraws the announcement. */
export function advertiseHub(
  name: string,
  port: number,
  version: string,
  mdns: MdnsOptions = {},
): () => Promise<void> {
  const bonjour = new Bonjour(mdns);
  bonjour.publish({ name, type: SERVICE_TYPE, protocol: 'tcp', port, txt: { version } });
  return () =>
    new Promise<void>((resolve) => bonjour.unpublishAll(() => bonjour.destroy(() => resolve())));
}
