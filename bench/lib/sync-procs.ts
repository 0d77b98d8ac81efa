/**
 * The processes of the sync benchmark: a real `auxin hub`, an rsync daemon, `auxin` and `rsync`
 * runs timed with their CPU. Each may run inside a network namespace (`netns`, see netns.ts):
 * `ip netns exec` execs the command, so the pid and its CPU counters stay the command's own.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { resolve } from 'node:path';
import { AUXIN_NODE_FLAGS } from '../../src-main/cli/node-flags.js';
import { MiB } from './tools.js';

export const CLI = resolve('dist/cli/auxin.js');
export const ADMIN = 'bench-admin-token-0123456789abcdef';

/** Where a process runs: the host (null) or a network namespace's name. */
export type Where = string | null;
const inNs = (where: Where, cmd: string, args: string[]): [string, string[]] =>
  where ? ['ip', ['netns', 'exec', where, cmd, ...args]] : [cmd, args];

/** CPU seconds of a process and its reaped children, from /proc (100 ticks per second). */
export function procCpu(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

export interface Server {
  child: ChildProcess;
  cpu(): number;
}

export interface Hub extends Server {
  url: string;
  peakRss(): number;
  stop(): Promise<void>;
}

export function startHub(data: string, host = '127.0.0.1', where: Where = null): Promise<Hub> {
  return new Promise((ok, fail) => {
    const args = [...AUXIN_NODE_FLAGS, CLI, 'hub', '--data', data, '--port', '0', '--host', host];
    const [cmd, argv] = inNs(where, process.execPath, args);
    const child = spawn(cmd, argv, {
      env: { ...process.env, AUXIN_ADMIN_TOKEN: ADMIN },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
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
        cpu: () => procCpu(child.pid!),
        // VmHWM: the peak resident set of the process's whole life, kept by the kernel.
        peakRss: () => {
          const s = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmHWM:\s+(\d+) kB/.exec(s)![1]) * 1024;
        },
        stop: () =>
          new Promise((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', () => r());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (c) => fail(new Error(`hub exited ${c}: ${out}`)));
  });
}

export interface Op {
  seconds: number;
  cpu: number;
  wire: number;
  /** The command's own peak resident set (bytes), from /usr/bin/time. */
  rss?: number;
  /** Client and server CPU apart (the sum is `cpu`). */
  clientCpu?: number;
  serverCpu?: number;
  out?: Record<string, unknown>;
}

/** Run a command under /usr/bin/time; returns wall and CPU seconds (client + `server`). */
export function timedRun(
  cmd: string,
  args: string[],
  cwd: string,
  server: Server | null,
  where: Where = null,
) {
  const before = server?.cpu() ?? 0;
  const t = performance.now();
  const [c, argv] = inNs(where, cmd, args);
  const r = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S %M', c, ...argv], {
    cwd,
    env: { ...process.env, AUXIN_TOKEN: ADMIN, CI: '1' },
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return timeResult(r.stderr, r.stdout, seconds, server ? server.cpu() - before : 0);
}

/** Parses /usr/bin/time's `CPU user sys maxrss` line. */
export function timeResult(stderr: string, stdout: string, seconds: number, serverCpu: number) {
  const m = /CPU ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(stderr)!;
  const clientCpu = Number(m[1]) + Number(m[2]);
  const rss = Number(m[3]) * 1024;
  return { seconds, cpu: clientCpu + serverCpu, clientCpu, serverCpu, rss, stdout };
}

export function auxinOp(r: ReturnType<typeof timedRun>): Op & { out: Record<string, unknown> } {
  const out = JSON.parse(r.stdout) as Record<string, unknown>;
  const wire = (out.bytes_sent as number) + (out.bytes_received as number);
  return { ...r, wire, out };
}

export const auxinArgs = (args: string[]) => [...AUXIN_NODE_FLAGS, CLI, ...args, '--json'];

export function auxin(
  args: string[],
  cwd: string,
  hub: Hub,
): Op & { out: Record<string, unknown> } {
  return auxinOp(timedRun(process.execPath, auxinArgs(args), cwd, hub));
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export type Rsyncd = Server & { url: string; stop(): void };

/** An rsync daemon (`uid = root`, no chroot) serving `root/module` as `bench`. */
export async function startRsyncd(
  root: string,
  host = '127.0.0.1',
  where: Where = null,
): Promise<Rsyncd> {
  const port = await freePort();
  mkdirSync(`${root}/module`, { recursive: true });
  const conf = `${root}/rsyncd.conf`;
  writeFileSync(
    conf,
    `pid file = ${root}/rsyncd.pid\nuse chroot = no\n` +
      `[bench]\npath = ${root}/module\nread only = no\nuid = 0\ngid = 0\n`,
  );
  const args = ['--daemon', '--no-detach', `--config=${conf}`, `--port=${port}`];
  const [cmd, argv] = inNs(where, 'rsync', [...args, `--address=${host}`]);
  const child = spawn(cmd, argv, { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const probe = inNs(where, 'bash', ['-c', `exec 3<>/dev/tcp/${host}/${port}`]);
    if (spawnSync(probe[0], probe[1], { stdio: 'ignore' }).status === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    url: `rsync://${host}:${port}/bench`,
    cpu: () => procCpu(child.pid!),
    stop: () => child.kill('SIGTERM'),
  };
}

/** Wait (at most 5 s) until `pid` has no child process left, reaped ones included. */
export function waitForNoChildren(pid: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 250; i++) {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (!kids) return;
    Atomics.wait(pause, 0, 0, 20);
  }
}

export const rsyncArgs = (src: string, dst: string, extra: string[] = []) => [
  '-a',
  '--delete',
  '--stats',
  ...extra,
  src,
  dst,
];

/** Bytes that crossed the socket, from `--stats`. */
export function rsyncWire(stdout: string): number {
  const num = (label: string) =>
    Number((new RegExp(`${label}: ([\\d,]+)`).exec(stdout)?.[1] ?? '0').replace(/,/g, ''));
  return num('Total bytes sent') + num('Total bytes received');
}

/**
 * `rsync -a --stats`; "Total bytes sent/received" are what crossed the socket. The daemon forks
 * a receiver per connection, whose CPU reaches the daemon's count only once it is reaped, a few
 * hundred ms after the client has exited: the CPU is read after that.
 */
export function rsync(
  src: string,
  dst: string,
  daemon: Server,
  cwd: string,
  extra: string[] = [],
): Op {
  const before = daemon.cpu();
  const r = timedRun('rsync', rsyncArgs(src, dst, extra), cwd, null);
  waitForNoChildren(daemon.child.pid!);
  const serverCpu = daemon.cpu() - before;
  return { ...r, cpu: r.cpu + serverCpu, serverCpu, wire: rsyncWire(r.stdout) };
}
