/**
 * The floor of any push written in Node on this machine: the least a hub and a client in Node
 * must do to move a project over HTTP, with none of auxin's protocol, store or checks.
 *
 * `node dist/bench/lib/node-floor.js server DIR [--no-hash] [--no-write]` serves on 127.0.0.1
 * (port 0, printed as `listening PORT`); each POST body is BLAKE3-hashed in 128 KiB pieces (the
 * store's average chunk) and written to a new file in DIR, 1 MiB per write, never fsynced.
 * `--no-hash` and `--no-write` leave those steps out; with both, the server only reads the
 * bodies. On SIGTERM it prints `cpu SECONDS` (its user + system time) and exits.
 *
 * `node dist/bench/lib/node-floor.js client PORT DIR` reads every file under DIR in 8 MiB
 * units into reused buffers and POSTs them, three at a time, as `auxin push` sends its units;
 * it prints `bytes N`.
 *
 * A measurement for docs/benchmarks.md, not a way to store anything: nothing is verified
 * against an id, nothing is durable, nothing is kept in order.
 */
import http from 'node:http';
import { mkdir, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createHasher } from '../../src-main/store/hash.js';

const PIECE = 128 * 1024;
const WRITE = 1024 * 1024;
const UNIT = 8 * 1024 * 1024;
const IN_FLIGHT = 3;

async function server(dir: string, hash: boolean, write: boolean): Promise<void> {
  await mkdir(dir, { recursive: true });
  let files = 0;
  const srv = http.createServer((req, res) => {
    void (async () => {
      const fh = write ? await open(join(dir, `body-${files++}`), 'wx') : null;
      let h = createHasher();
      let inPiece = 0;
      let batch: Buffer[] = [];
      let batched = 0;
      let pos = 0;
      const writes: Promise<unknown>[] = [];
      for await (const b of req as AsyncIterable<Buffer>) {
        for (let off = 0; hash && off < b.length;) {
          const take = Math.min(PIECE - inPiece, b.length - off);
          h.update(b.subarray(off, off + take));
          inPiece += take;
          off += take;
          if (inPiece === PIECE) {
            h.digestHex();
            h = createHasher();
            inPiece = 0;
          }
        }
        if (!fh) continue;
        batch.push(b);
        batched += b.length;
        if (batched >= WRITE) {
          writes.push(fh.writev(batch, pos));
          pos += batched;
          batch = [];
          batched = 0;
          if (writes.length >= 8) await writes.shift();
        }
      }
      if (fh && batched) writes.push(fh.writev(batch, pos));
      await Promise.all(writes);
      await fh?.close();
      res.end('ok');
    })().catch((e: unknown) => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  srv.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(srv.address() as { port: number }).port}\n`);
  });
  process.on('SIGTERM', () => {
    const u = process.cpuUsage();
    process.stdout.write(`cpu ${((u.user + u.system) / 1e6).toFixed(3)}\n`);
    process.exit(0);
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

async function client(port: number, dir: string): Promise<void> {
  const units: [string, number, number][] = [];
  for (const f of await filesUnder(dir)) {
    const fh = await open(f);
    const size = (await fh.stat()).size;
    await fh.close();
    for (let o = 0; o < size; o += UNIT) units.push([f, o, Math.min(UNIT, size - o)]);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  let next = 0;
  let bytes = 0;
  const lane = async (buf: Buffer) => {
    while (next < units.length) {
      const [f, offset, length] = units[next++]!;
      const fh = await open(f);
      await fh.read(buf, 0, length, offset);
      await fh.close();
      await new Promise<void>((ok, fail) => {
        const req = http.request(
          { host: '127.0.0.1', port, method: 'POST', path: '/', agent },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200 ? ok() : fail(new Error(`HTTP ${res.statusCode}`)),
            );
          },
        );
        req.setHeader('content-length', length);
        req.on('error', fail);
        req.end(buf.subarray(0, length));
      });
      bytes += length;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, () => lane(Buffer.alloc(UNIT))));
  agent.destroy();
  process.stdout.write(`bytes ${bytes}\n`);
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'server' && a) {
  await server(a, !process.argv.includes('--no-hash'), !process.argv.includes('--no-write'));
} else if (mode === 'client' && a && b) {
  await client(Number(a), b);
} else {
  process.stderr.write('usage: node-floor server DIR [--no-hash] [--no-write] | client PORT DIR\n');
  process.exitCode = 2;
}
