/**
 * The sync benchmark: the store benchmark's Logic-like project pushed to and cloned from a real
 * `auxin hub` child process over loopback, side by side with `rsync -a` to an rsync daemon on
 * 127.0.0.1. Reports seconds, MB/s, bytes on the wire and the hub's peak memory.
 * `npm run bench:sync -- --size 1G [--big 4G] [--json FILE]`. Numbers, not pass/fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../src-main/store/index.js';
import { LogicProject, parseSize } from './lib/logic-project.js';
import { dirBytes, hasTool, mib, MiB, toolVersion } from './lib/tools.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1G' },
    big: { type: 'string' },
    dir: { type: 'string' },
    json: { type: 'string' },
  },
});
const CLI = resolve('dist/src-main/cli/main.js');
const ADMIN = 'bench-admin-token-0123456789abcdef';
const work = mkdtempSync(`${values.dir ?? tmpdir()}/auxin-bench-sync-`);
const log = (s: string) => process.stdout.write(s + '\n');

interface Hub {
  child: ChildProcess;
  url: string;
  peakRss(): number;
  stop(): Promise<void>;
}

function startHub(data: string): Promise<Hub> {
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [CLI, 'hub', '--data', data, '--port', '0', '--host', '127.0.0.1'],
      {
        env: { ...process.env, AUXIN_ADMIN_TOKEN: ADMIN },
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/\S+?) /.exec(out);
      if (!m) return;
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      ok({
        child,
        url: m[1]!,
        // VmHWM: the peak resident set of the process's whole life, read from the kernel.
        peakRss: () => {
          const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmHWM:\s+(\d+) kB/.exec(s)![1]) * 1024;
        },
        stop: () =>
          new Promise((r) => {
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (c) => fail(new Error(`hub exited ${c}: ${out}`)));
  });
}

interface Op {
  seconds: number;
  sent: number;
  received: number;
}

function auxin(args: string[], cwd: string): Op & { out: Record<string, unknown> } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], {
    cwd,
    env: { ...process.env, AUXIN_TOKEN: ADMIN, CI: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`auxin ${args.join(' ')}: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  return { seconds, sent: out.bytes_sent as number, received: out.bytes_received as number, out };
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function startRsyncd(root: string): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  mkdirSync(`${root}/module`, { recursive: true });
  const conf = `${root}/rsyncd.conf`;
  writeFileSync(
    conf,
    `pid file = ${root}/rsyncd.pid\nuse chroot = no\n[bench]\npath = ${root}/module\nread only = no\nuid = 0\ngid = 0\n`,
  );
  const child = spawn(
    'rsync',
    ['--daemon', '--no-detach', `--config=${conf}`, `--port=${port}`, '--address=127.0.0.1'],
    {
      stdio: 'ignore',
    },
  );
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((r) => {
      const c = net.connect(port, '127.0.0.1', () => (c.end(), r(true)));
      c.on('error', () => r(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `rsync://127.0.0.1:${port}/bench`, stop: () => child.kill('SIGTERM') };
}

/** `rsync -a --stats`; "Total bytes sent/received" are what crossed the socket. */
function rsync(src: string, dst: string): Op {
  const t = performance.now();
  const r = spawnSync('rsync', ['-a', '--delete', '--stats', src, dst], { encoding: 'utf8' });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`rsync: ${r.stderr}`);
  const num = (label: string) =>
    Number((new RegExp(`${label}: ([\\d,]+)`).exec(r.stdout)?.[1] ?? '0').replace(/,/g, ''));
  return { seconds, sent: num('Total bytes sent'), received: num('Total bytes received') };
}

const rate = (bytes: number, s: number) => (bytes / 1e6 / s).toFixed(0);

async function run(size: number, withRsync: boolean) {
  const base = `${work}/${size}`;
  log(`\n== ${mib(size)} MiB project`);
  const project = new LogicProject(`${base}/a`, size, 1);
  await project.generate();
  const store = await Store.init(project.bundle);
  await store.commit({ message: 'v1', author: 'bench' });
  const logical = await dirBytes(project.bundle);
  const hub = await startHub(`${base}/hub`);
  const remote = `${hub.url}/bench/Bench%20Song.logicx`;
  spawnSync(process.execPath, [CLI, 'remote', 'add', 'origin', remote], { cwd: project.bundle });
  const rows: { op: string; auxin: Op; rsync?: Op; note?: string }[] = [];
  const rs = withRsync ? await startRsyncd(`${base}/rsyncd`) : null;
  try {
    const push1 = auxin(['push'], project.bundle);
    rows.push({
      op: 'initial push',
      auxin: push1,
      rsync: rs ? rsync(`${project.bundle}/`, `${rs.url}/`) : undefined,
    });
    const hubPeakAfterPush = hub.peakRss();
    const cloneDir = `${base}/b/Bench Song.logicx`;
    const clone = auxin(['clone', remote, cloneDir], work);
    rows.push({
      op: 'clone',
      auxin: clone,
      rsync: rs ? rsync(`${rs.url}/`, `${base}/rsync-clone/`) : undefined,
    });
    await project.edit(1); // a new take recorded, and ProjectData saved
    await store.commit({ message: 'v2', author: 'bench' });
    const push2 = auxin(['push'], project.bundle);
    rows.push({
      op: 'push after an edit',
      auxin: push2,
      rsync: rs ? rsync(`${project.bundle}/`, `${rs.url}/`) : undefined,
      note: `new data ${mib(push2.out.chunk_bytes as number)} MiB in ${push2.out.chunks} chunks`,
    });
    const push3 = auxin(['push'], project.bundle);
    rows.push({
      op: 'no-change push',
      auxin: push3,
      rsync: rs ? rsync(`${project.bundle}/`, `${rs.url}/`) : undefined,
    });
    const peak = hub.peakRss();
    log(
      `| operation | auxin s | auxin MB/s | auxin bytes on the wire | rsync s | rsync MB/s | rsync bytes on the wire |`,
    );
    log(`|---|---|---|---|---|---|---|`);
    for (const r of rows) {
      const moved = r.op === 'initial push' || r.op === 'clone' ? logical : 0;
      const wire = (o?: Op) => (o ? `${(o.sent + o.received).toLocaleString('en')}` : '-');
      log(
        `| ${r.op} | ${r.auxin.seconds.toFixed(2)} | ${moved ? rate(moved, r.auxin.seconds) : '-'} | ${wire(r.auxin)} | ` +
          `${r.rsync ? r.rsync.seconds.toFixed(2) : '-'} | ${r.rsync && moved ? rate(moved, r.rsync.seconds) : '-'} | ${wire(r.rsync)} |` +
          (r.note ? ` ${r.note}` : ''),
      );
    }
    log(
      `hub peak RSS: ${mib(hubPeakAfterPush)} MiB after the initial push, ${mib(peak)} MiB overall`,
    );
    return { size, logical, rows, hub_peak_rss: peak };
  } finally {
    rs?.stop();
    await hub.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

async function main() {
  const withRsync = hasTool('rsync');
  log(
    `machine: ${cpus()[0]?.model} x${cpus().length}, ${mib(totalmem())} MiB RAM, node ${process.version}`,
  );
  log(withRsync ? `rsync: ${toolVersion('rsync')}, daemon on 127.0.0.1` : 'rsync: not installed');
  const results = [await run(parseSize(values.size!), withRsync)];
  if (values.big) results.push(await run(parseSize(values.big), false));
  if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
  rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  process.stderr.write(`bench:sync failed: ${(e as Error).stack}\n`);
  rmSync(work, { recursive: true, force: true });
  process.exitCode = 1;
});
