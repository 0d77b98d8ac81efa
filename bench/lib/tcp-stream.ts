/**
 * A bare TCP stream, the most any tool can move over a link: `server HOST` listens (port 0,
 * printed as `listening PORT`) and reads until the peer ends; `client HOST PORT BYTES` writes
 * BYTES of zeros in 1 MiB writes and prints `seconds S` once the server has read them all.
 */
import * as net from 'node:net';

const [mode, host, a, b] = process.argv.slice(2);
if (mode === 'server' && host) {
  const srv = net.createServer((c) => {
    c.resume();
    c.on('end', () => c.end());
  });
  srv.listen(0, host, () => {
    process.stdout.write(`listening ${(srv.address() as net.AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
} else if (mode === 'client' && host && a && b) {
  const total = Number(b);
  const piece = Buffer.alloc(1024 * 1024);
  const t = performance.now();
  const c = net.connect(Number(a), host, () => {
    let sent = 0;
    const more = () => {
      while (sent < total) {
        const n = Math.min(piece.length, total - sent);
        sent += n;
        if (!c.write(n === piece.length ? piece : piece.subarray(0, n))) return;
      }
      c.end();
    };
    c.on('drain', more);
    more();
  });
  c.resume();
  c.on('close', () => {
    process.stdout.write(`seconds ${((performance.now() - t) / 1000).toFixed(3)}\n`);
  });
} else {
  process.stderr.write('usage: tcp-stream server HOST | client HOST PORT BYTES\n');
  process.exitCode = 2;
}
