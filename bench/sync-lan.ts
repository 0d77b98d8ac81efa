/**
 * The sync benchmark on a simulated LAN (lib/netns.ts): the hub and an rsync daemon in one
 * network namespace, `auxin` and `rsync` in the other, the veth between them shaped to `rate`.
 * Push and clone against rsync push and pull, best of two each, with where the time went: the
 * client's and the server's CPU, and how long the link carried nothing while the command ran.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { AUXIN_NODE_FLAGS } from '../src-main/cli/node-flags.js';
import { createLan, type Lan, lanUnavailable, linkBytes } from './lib/netns.js';
import {
  ADMIN,
  auxinArgs,
  auxinOp,
  CLI,
  type Op,
  rsyncArgs,
  rsyncWire,
  type Server,
  startHub,
  startRsyncd,
  timeResult,
  waitForNoChildren,
} from './lib/sync-procs.js';

const STREAM = resolve('dist/bench/lib/tcp-stream.js');
/** A sample of the link's counters every SAMPLE ms; one with under 5 % of the rate is idle. */
const SAMPLE = 10;

export interface LanOp extends Op {
  /** Seconds within the command's run in which the link carried (almost) nothing. */
  idle: number;
}

function bytesPerSecond(rate: string): number {
  const m = /^(\d+)([kmg])bit$/.exec(rate)!;
  return (Number(m[1]) * { k: 1e3, m: 1e6, g: 1e9 }[m[2] as 'k' | 'm' | 'g']) / 8;
}

/** Run `cmd` in the client's namespace, sampling the link meanwhile. */
function sampledRun(
  lan: Lan,
  cmd: string,
  args: string[],
  cwd: string,
  server: Server,
): Promise<ReturnType<typeof timeResult> & { idle: number }> {
  const before = server.cpu();
  const full = bytesPerSecond(lan.rate) * (SAMPLE / 1000);
  const t = performance.now();
  const child = spawn(
    '/usr/bin/time',
    ['-f', 'CPU %U %S %M', 'ip', 'netns', 'exec', lan.clientNs, cmd, ...args],
    { cwd, env: { ...process.env, AUXIN_TOKEN: ADMIN, CI: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  // Idle time counts from the first sample that moved data to the end of the command.
  let last = linkBytes(server.child.pid!, lan.serverDev);
  let lastAt = performance.now();
  let started = false;
  let idle = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const bytes = linkBytes(server.child.pid!, lan.serverDev);
    const moved = bytes - last;
    if (moved >= full * 0.05 * ((now - lastAt) / SAMPLE)) started = true;
    else if (started) idle += (now - lastAt) / 1000;
    last = bytes;
    lastAt = now;
  }, SAMPLE);
  return new Promise((ok, fail) => {
    child.once('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t) / 1000;
      if (code !== 0) return fail(new Error(`${cmd} ${args.join(' ')}: ${stderr}`));
      waitForNoChildren(server.child.pid!);
      ok({ ...timeResult(stderr, stdout, seconds, server.cpu() - before), idle });
    });
  });
}

/** The bare TCP stream's seconds for `bytes` over the link. */
async function tcpStream(lan: Lan, bytes: number): Promise<number> {
  const srv = spawn(
    'ip',
    ['netns', 'exec', lan.serverNs, process.execPath, STREAM, 'server', lan.serverAddr],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    const port = await new Promise<number>((ok, fail) => {
      let out = '';
      srv.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening (\d+)\n/.exec(out);
        if (m) ok(Number(m[1]));
      });
      srv.once('exit', (c) => fail(new Error(`tcp-stream server exited ${c}`)));
    });
    const args = [STREAM, 'client', lan.serverAddr, String(port), String(bytes)];
    const r = spawnSync('ip', ['netns', 'exec', lan.clientNs, process.execPath, ...args], {
      encoding: 'utf8',
    });
    return Number(/seconds ([\d.]+)/.exec(r.stdout)?.[1] ?? NaN);
  } finally {
    srv.kill('SIGTERM');
  }
}

export interface LanResult {
  rate: string;
  tcp_seconds: number;
  push: { auxin: LanOp[]; rsync: LanOp[] };
  clone: { auxin: LanOp[]; rsync: LanOp[] };
}

/** Push and clone (auxin) against push and pull (rsync), `runs` of each, in turns. */
export async function lanRuns(
  bundle: string,
  logical: number,
  base: string,
  rate: string,
  burst: string,
  runs = 2,
): Promise<LanResult> {
  const lan = createLan(rate, burst);
  const dir = `${base}/lan-${rate}`;
  const result: LanResult = {
    rate,
    tcp_seconds: 0,
    push: { auxin: [], rsync: [] },
    clone: { auxin: [], rsync: [] },
  };
  const hub = await startHub(`${dir}/hub`, lan.serverAddr, lan.serverNs).catch((e: unknown) => {
    lan.close();
    throw e;
  });
  let rs: Awaited<ReturnType<typeof startRsyncd>> | null = null;
  try {
    rs = await startRsyncd(`${dir}/rsyncd`, lan.serverAddr, lan.serverNs);
    result.tcp_seconds = await tcpStream(lan, logical);
    const auxin = async (args: string[], cwd: string): Promise<LanOp> => {
      const r = await sampledRun(lan, process.execPath, auxinArgs(args), cwd, hub);
      return { ...auxinOp(r), idle: r.idle };
    };
    const rsync = async (src: string, dst: string): Promise<LanOp> => {
      const r = await sampledRun(lan, 'rsync', rsyncArgs(src, dst), dir, rs!);
      return { ...r, wire: rsyncWire(r.stdout) };
    };
    for (let i = 0; i < runs; i++) {
      const remote = `lan-${rate}-${i}`;
      // A remote of that name left by an earlier run points at another port: replaced.
      spawnSync(process.execPath, [CLI, 'remote', 'remove', remote], { cwd: bundle });
      spawnSync(
        process.execPath,
        [...AUXIN_NODE_FLAGS, CLI, 'remote', 'add', remote, `${hub.url}/bench/Lan%20${i}`],
        {
          cwd: bundle,
        },
      );
      const steps = [
        async () => result.push.auxin.push(await auxin(['push', remote, 'main'], bundle)),
        async () => result.push.rsync.push(await rsync(`${bundle}/`, `${rs!.url}/push${i}/`)),
      ];
      if (i % 2) steps.reverse();
      for (const step of steps) {
        spawnSync('sync');
        await step();
      }
    }
    for (let i = 0; i < runs; i++) {
      const into = `${dir}/clone-${i}`;
      mkdirSync(into, { recursive: true });
      const steps = [
        async () =>
          result.clone.auxin.push(
            await auxin(['clone', `${hub.url}/bench/Lan%200`, `${into}/a/Song.logicx`], dir),
          ),
        async () => result.clone.rsync.push(await rsync(`${rs!.url}/push0/`, `${into}/r/`)),
      ];
      if (i % 2) steps.reverse();
      for (const step of steps) {
        spawnSync('sync');
        await step();
      }
      rmSync(into, { recursive: true, force: true });
    }
  } finally {
    rs?.stop();
    await hub.stop();
    lan.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}

const best = (ops: LanOp[]) => ops.reduce((a, b) => (b.seconds < a.seconds ? b : a));

/** The section's table and per-stage lines for docs/benchmarks.md. */
export function lanReport(r: LanResult, logical: number, load: string): string {
  const mbs = (s: number) => (logical / 1e6 / s).toFixed(0);
  const lines = [
    `\n### ${r.rate} link (${(logical / 2 ** 20).toFixed(0)} MiB project, load average ${load})`,
    `- bare TCP stream of the same bytes: ${r.tcp_seconds.toFixed(2)} s, ${mbs(r.tcp_seconds)} MB/s`,
    '',
    '| operation | auxin best s (runs) | auxin MB/s | rsync best s (runs) | rsync MB/s | auxin / rsync |',
    '|---|---|---|---|---|---|',
  ];
  const stages: string[] = [];
  for (const [name, pair] of [
    ['push', r.push],
    ['clone / pull', r.clone],
  ] as const) {
    const a = best(pair.auxin);
    const b = best(pair.rsync);
    const runs = (ops: LanOp[]) => ops.map((o) => o.seconds.toFixed(2)).join(', ');
    lines.push(
      `| ${name} | ${a.seconds.toFixed(2)} (${runs(pair.auxin)}) | ${mbs(a.seconds)} | ` +
        `${b.seconds.toFixed(2)} (${runs(pair.rsync)}) | ${mbs(b.seconds)} | ` +
        `**${(a.seconds / b.seconds).toFixed(3)}** |`,
    );
    const stage = (who: string, o: LanOp) =>
      `${who} ${o.seconds.toFixed(2)} s: client CPU ${o.clientCpu!.toFixed(2)} s, ` +
      `server CPU ${o.serverCpu!.toFixed(2)} s, link idle ${o.idle.toFixed(2)} s, ` +
      `client peak RSS ${(o.rss! / 2 ** 20).toFixed(0)} MiB`;
    const phases = a.out?.phases as Record<string, number> | undefined;
    const inside = phases
      ? ` (${Object.entries(phases)
          .map(([k, v]) => `${k} ${v.toFixed(2)}`)
          .join(', ')})`
      : '';
    stages.push(`- ${name}, best runs: ${stage('auxin', a)}${inside}; ${stage('rsync', b)}`);
  }
  return [...lines, '', ...stages].join('\n');
}

/** Every rate in `rates` (comma-separated, e.g. `1gbit,10gbit`), or why the LAN part is skipped. */
export async function lanSection(
  bundle: string,
  logical: number,
  base: string,
  rates: string,
  log: (s: string) => void,
): Promise<LanResult[]> {
  const why = lanUnavailable();
  if (why) {
    log(`\n(simulated LAN skipped: ${why})`);
    return [];
  }
  const out: LanResult[] = [];
  for (const rate of rates.split(',').filter(Boolean)) {
    // tbf needs a bucket of at least one rate-tick of bytes: 256 KiB per Gbit/s.
    const burst = `${256 * Math.max(1, bytesPerSecond(rate) / 125e6)}kb`;
    const r = await lanRuns(bundle, logical, base, rate, burst);
    log(
      lanReport(
        r,
        logical,
        loadavg()
          .map((x) => x.toFixed(1))
          .join(' '),
      ),
    );
    out.push(r);
  }
  return out;
}
