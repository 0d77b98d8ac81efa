/**
 * A TCP proxy on 127.0.0.1:0 in front of a hub: it counts the bytes each way and paces uploads,
 * so a test can cut a transfer in the middle at a known point and measure what travelled.
 */
import * as net from 'node:net';

export interface Proxy {
  url: string;
  /** Bytes forwarded from clients to the hub since the last reset. */
  up: number;
  down: number;
  upstreamPort: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startProxy(upstreamPort: number, uploadBytesPerSec = 0): Promise<Proxy> {
  const sockets = new Set<net.Socket>();
  const p: Proxy = {
    url: '',
    up: 0,
    down: 0,
    upstreamPort,
    reset() {
      p.up = 0;
      p.down = 0;
    },
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
  const server = net.createServer((client) => {
    const hub = net.connect(p.upstreamPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(hub);
    const end = () => {
      client.destroy();
      hub.destroy();
      sockets.delete(client);
      sockets.delete(hub);
    };
    client.on('error', end).on('close', end);
    hub.on('error', end).on('close', end);
    client.on('data', (b: Buffer) => {
      p.up += b.length;
      hub.write(b);
      if (uploadBytesPerSec > 0) {
        client.pause();
        setTimeout(() => client.resume(), (b.length / uploadBytesPerSec) * 1000);
      }
    });
    hub.on('data', (b: Buffer) => {
      p.down += b.length;
      client.write(b);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  p.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return p;
}

export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
