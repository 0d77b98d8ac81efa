/** Raw bytes to a hub and everything it answers until it closes: for requests fetch cannot send. */
import * as net from 'node:net';

export interface RawAnswer {
  text: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Whether the hub closed the connection (rather than the test's time limit). */
  closed: boolean;
}

export function rawRequest(
  port: number,
  request: string | Buffer,
  opts: { ms?: number; onConnect?: (s: net.Socket) => void } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let closed = false;
    const timer = setTimeout(() => socket.destroy(), opts.ms ?? 5_000);
    socket.on('connect', () => {
      socket.write(request);
      opts.onConnect?.(socket);
    });
    socket.on('data', (b: Buffer) => chunks.push(b));
    socket.on('end', () => (closed = true));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') reject(e);
      closed = true;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const lines = (split < 0 ? text : text.slice(0, split)).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines.slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      resolve({ text, status, headers, body: split < 0 ? '' : text.slice(split + 4), closed });
    });
  });
}
