/**
 * A simulated LAN for the sync benchmark: two network namespaces joined by a veth pair, each end
 * shaped by a token bucket (`tc qdisc ... tbf`), addresses from the benchmarking range
 * 198.18.0.0/15 so nothing can leave the machine. Linux and root only; every namespace made is
 * removed at the end, on failure and on SIGINT/SIGTERM too.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Lan {
  /** Namespace of the hub and the rsync daemon, and its address. */
  serverNs: string;
  serverAddr: string;
  /** Namespace of `auxin` and `rsync`. */
  clientNs: string;
  /** The server end of the veth pair (its counters tell when the link carries data). */
  serverDev: string;
  rate: string;
  close(): void;
}

const open = new Set<Lan>();

function ip(args: string[], quiet = false): boolean {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  if (r.status !== 0 && !quiet) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
  return r.status === 0;
}

/** Why the LAN part cannot run here, or null when it can. */
export function lanUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (network namespaces need it)';
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return '`ip netns` missing (iproute2)';
  if (spawnSync('tc', ['-V']).status !== 0) return '`tc` missing (iproute2)';
  return null;
}

/** Kill what still runs in a namespace (by pid), then remove it. */
function removeNs(ns: string): void {
  const r = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  for (const pid of (r.stdout ?? '').split('\n').filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  ip(['netns', 'del', ns], true);
}

/** `rate` as tc writes it (`1gbit`, `10gbit`); the burst grows with the rate. */
export function createLan(rate: string, burst: string): Lan {
  const id = `${process.pid % 100000}`;
  const serverNs = `auxin-bench-s${id}`;
  const clientNs = `auxin-bench-c${id}`;
  const serverDev = `axs${id}`;
  const clientDev = `axc${id}`;
  const lan: Lan = {
    serverNs,
    serverAddr: '198.18.0.1',
    clientNs,
    serverDev,
    rate,
    close: () => {
      removeNs(clientNs);
      removeNs(serverNs);
      open.delete(lan);
    },
  };
  open.add(lan);
  try {
    ip(['netns', 'add', serverNs]);
    ip(['netns', 'add', clientNs]);
    ip(['link', 'add', serverDev, 'type', 'veth', 'peer', 'name', clientDev]);
    const ends: [string, string, string][] = [
      [serverNs, serverDev, '198.18.0.1/24'],
      [clientNs, clientDev, '198.18.0.2/24'],
    ];
    for (const [ns, dev, addr] of ends) {
      ip(['link', 'set', dev, 'netns', ns]);
      ip(['-n', ns, 'addr', 'add', addr, 'dev', dev]);
      ip(['-n', ns, 'link', 'set', dev, 'up']);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      const tc = ['-n', ns, 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', rate];
      const r = spawnSync('tc', [...tc, 'burst', burst, 'latency', '20ms'], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`tc ${tc.join(' ')}: ${r.stderr}`);
    }
  } catch (e) {
    lan.close();
    throw e;
  }
  return lan;
}

export function closeAllLans(): void {
  for (const lan of [...open]) lan.close();
}

process.once('exit', closeAllLans);
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    closeAllLans();
    process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
  });
}

/** Bytes through `dev` both ways so far, read from a process inside its namespace. */
export function linkBytes(pid: number, dev: string): number {
  const line = readFileSync(`/proc/${pid}/net/dev`, 'utf8')
    .split('\n')
    .find((l) => l.trim().startsWith(`${dev}:`));
  if (!line) return 0;
  const f = line.split(':')[1]!.trim().split(/\s+/);
  return Number(f[0]) + Number(f[8]);
}
