/**
 * The sync benchmark: the store benchmark's Logic-like project pushed to and cloned from a real
 * `auxin hub` child process over loopback, side by side with `rsync -a` to an rsync daemon on
 * 127.0.0.1. Reports wall seconds, CPU seconds (client + server: the machine may be shared),
 * MB/s, bytes on the wire and the hub's peak memory; then the same over a simulated LAN
 * (sync-lan.ts: network namespaces, as root), push and clone against rsync push and pull.
 * `npm run bench:sync -- --size 1G [--big 4G] [--rounds N] [--lan 1gbit,10gbit] [--dir DIR]
 * [--json FILE]`. Numbers, not pass/fail.
 */
import { spawn, spawnSync } from 'node:child_process';
import { AUXIN_NODE_FLAGS } from '../src-main/cli/node-flags.js';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Store } from '../src-main/store/index.js';
import { LogicProject, parseSize } from './lib/logic-project.js';
import { dirBytes, hasTool, mib, toolVersion } from './lib/tools.js';
import {
  ADMIN,
  auxin,
  CLI,
  type Hub,
  type Op,
  procCpu,
  rsync as rsyncIn,
  type Server,
  startHub,
  startRsyncd,
  timedRun,
} from './lib/sync-procs.js';
import { lanSection } from './sync-lan.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1G' },
    big: { type: 'string' },
    dir: { type: 'string' },
    json: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    // The simulated LAN's rates (sync-lan.ts); `--lan ''` leaves it out.
    lan: { type: 'string', default: '1gbit,10gbit' },
  },
});
const FLOOR = resolve('dist/bench/lib/node-floor.js');
const work = mkdtempSync(`${values.dir ?? tmpdir()}/auxin-bench-sync-`);
const log = (s: string) => process.stdout.write(s + '\n');
const rsync = (src: string, dst: string, daemon: Server, extra: string[] = []) =>
  rsyncIn(src, dst, daemon, work, extra);

interface Floor extends Server {
  port: number;
  stop(): Promise<number>;
}

/** `bench/lib/node-floor.ts` as a server: returns its port; stop() gives its CPU seconds. */
function startFloor(dir: string, flags: string[]): Promise<Floor> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [...AUXIN_NODE_FLAGS, FLOOR, 'server', dir, ...flags], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening (\d+)\n/.exec(out);
      if (!m) return;
      child.stdout!.removeAllListeners('data');
      ok({
        child,
        port: Number(m[1]),
        cpu: () => procCpu(child.pid!),
        stop: () =>
          new Promise((r) => {
            let tail = '';
            child.stdout!.on('data', (c: Buffer) => (tail += c.toString()));
            child.once('exit', () => r(Number(/cpu ([\d.]+)/.exec(tail)?.[1] ?? NaN)));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (c) => fail(new Error(`node floor exited ${c}: ${out}`)));
  });
}

/** The floor's client sending the bundle's files to a floor server. */
function floorPush(bundle: string, server: Floor): Op {
  const r = timedRun(
    process.execPath,
    [...AUXIN_NODE_FLAGS, FLOOR, 'client', String(server.port), bundle],
    work,
    server,
  );
  return { seconds: r.seconds, cpu: r.cpu, wire: Number(/bytes (\d+)/.exec(r.stdout)![1]) };
}

/** The push's own account of its time (the row's seconds include starting the process). */
function phases(op: { out: Record<string, unknown> }): string {
  const p = op.out.phases as Record<string, number>;
  const parts = Object.entries(p).map(([k, v]) => `${k} ${v.toFixed(2)}`);
  return `${(op.out.seconds as number).toFixed(2)} s inside the command (${parts.join(', ')})`;
}

const rate = (bytes: number, s: number) => (bytes / 1e6 / s).toFixed(0);

async function run(size: number, withRsync: boolean) {
  const base = `${work}/${size}`;
  log(`\n== ${mib(size)} MiB project (load average ${loadavg()[0]!.toFixed(1)})`);
  const project = new LogicProject(`${base}/a`, size, 1);
  await project.generate();
  const store = await Store.init(project.bundle);
  await store.commit({ message: 'v1', author: 'bench' });
  // Start from a clean page cache state: the generator's and the commit's writes on disk.
  spawnSync('sync');
  const logical = await dirBytes(project.bundle);
  const hub = await startHub(`${base}/hub`);
  const remote = `${hub.url}/bench/Bench%20Song.logicx`;
  spawnSync(process.execPath, [CLI, 'remote', 'add', 'origin', remote], { cwd: project.bundle });
  const rows: { op: string; moved: number; auxin: Op; rsync?: Op }[] = [];
  const rs = withRsync ? await startRsyncd(`${base}/rsyncd`) : null;
  const notes: string[] = [];
  try {
    const push1 = auxin(['push'], project.bundle, hub);
    notes.push(`initial push: ${phases(push1)}`);
    const rsync1 = rs ? rsync(`${project.bundle}/`, `${rs.url}/`, rs) : undefined;
    rows.push({ op: 'initial push', moved: logical, auxin: push1, rsync: rsync1 });
    if (rs) {
      // The same copy made durable: rsync --fsync fsyncs each file it writes, as the hub does
      // each pack before it acknowledges it. Plain rsync leaves its copy in the page cache.
      spawnSync('sync');
      const d = rsync(`${project.bundle}/`, `${rs.url}/durable/`, rs, ['--fsync']);
      notes.push(
        `initial push with rsync --fsync: ${d.seconds.toFixed(2)} s (CPU ${d.cpu.toFixed(2)}), ${rate(logical, d.seconds)} MB/s`,
      );
      rmSync(`${base}/rsyncd/module/durable`, { recursive: true, force: true });
    }
    const peakAfterPush = hub.peakRss();
    const clone = auxin(['clone', remote, `${base}/b/Bench Song.logicx`], work, hub);
    const rsync2 = rs ? rsync(`${rs.url}/`, `${base}/rsync-clone/`, rs) : undefined;
    rows.push({ op: 'clone', moved: logical, auxin: clone, rsync: rsync2 });
    const what = await project.edit(1); // a new take recorded, and ProjectData saved
    await store.commit({ message: 'v2', author: 'bench' });
    const push2 = auxin(['push'], project.bundle, hub);
    notes.push(
      `push after an edit (${what}): new chunks ${mib(push2.out.chunk_bytes as number)} MiB; ${phases(push2)}`,
    );
    const rsync3 = rs ? rsync(`${project.bundle}/`, `${rs.url}/`, rs) : undefined;
    rows.push({ op: 'push after an edit', moved: 0, auxin: push2, rsync: rsync3 });
    const push3 = auxin(['push'], project.bundle, hub);
    notes.push(`no-change push: ${phases(push3)}`);
    const rsync4 = rs ? rsync(`${project.bundle}/`, `${rs.url}/`, rs) : undefined;
    rows.push({ op: 'no-change push', moved: 0, auxin: push3, rsync: rsync4 });
    const peak = hub.peakRss();
    // The project as it now is (with the edit's take): what each round pushes whole.
    const now = await dirBytes(project.bundle);
    const rounds = rs ? await initialPushRounds(project.bundle, now, hub, rs, base) : null;

    log(
      '| operation | auxin s (CPU s) | auxin MB/s | auxin bytes on the wire | rsync s (CPU s) | rsync MB/s | rsync bytes on the wire |',
    );
    log('|---|---|---|---|---|---|---|');
    const cell = (o: Op | undefined, moved: number) =>
      o
        ? [
            `${o.seconds.toFixed(2)} (${o.cpu.toFixed(2)})`,
            moved ? rate(moved, o.seconds) : '-',
            o.wire.toLocaleString('en'),
          ]
        : ['-', '-', '-'];
    for (const r of rows) {
      log(`| ${r.op} | ${[...cell(r.auxin, r.moved), ...cell(r.rsync, r.moved)].join(' | ')} |`);
    }
    for (const n of notes) log(`- ${n}`);
    log(
      `- hub peak RSS: ${mib(peakAfterPush)} MiB after the initial push, ${mib(peak)} MiB overall`,
    );
    log(
      `- auxin client peak RSS: ${rows.map((r) => `${r.op} ${mib(r.auxin.rss!)} MiB`).join(', ')}`,
    );
    if (rounds) log(rounds.text);
    const lan = rs ? await lanSection(project.bundle, now, base, values.lan!, log) : [];
    return {
      size,
      logical,
      rows,
      notes,
      hub_peak_rss: peak,
      rounds: rounds && { runs: rounds.runs, cpu: rounds.cpu },
      lan,
    };
  } finally {
    rs?.stop();
    await hub.stop();
    rmSync(base, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * The initial push again, `--rounds` times, alternating auxin (into a new repository, deleted
 * after) with rsync and rsync --fsync (into new folders) and with the Node floor
 * (`lib/node-floor.ts`: the same files over HTTP, hashed and written, never fsynced; and its
 * transport alone, the bodies only read), each after a `sync`. This machine's speed drifts by 2x
 * within minutes (docs/benchmarks.md), so one run of each, minutes apart, compares the drift as
 * much as the tools; runs side by side and their medians compare the tools. Each round starts
 * with the next tool, so none always runs first after the last round's cleanup.
 */
async function initialPushRounds(
  bundle: string,
  logical: number,
  hub: Hub,
  rs: Server & { url: string },
  base: string,
) {
  const n = Number(values.rounds);
  if (!(n > 0)) return null;
  const names = ['auxin', 'rsync', 'rsync_fsync', 'node_floor', 'node_transport'] as const;
  type Tool = (typeof names)[number];
  const floorDir = `${base}/floor`;
  const floor = await startFloor(floorDir, []);
  const transport = await startFloor(`${base}/transport`, ['--no-hash', '--no-write']);
  const runs: Record<Tool, number>[] = [];
  const cpu: Record<Tool, number[]> = {
    auxin: [],
    rsync: [],
    rsync_fsync: [],
    node_floor: [],
    node_transport: [],
  };
  try {
    for (let i = 0; i < n; i++) {
      const name = `Round ${i}`;
      spawnSync(
        process.execPath,
        [CLI, 'remote', 'add', `round${i}`, `${hub.url}/bench/Round%20${i}`],
        {
          cwd: bundle,
        },
      );
      const tools: Record<Tool, () => Op> = {
        auxin: () => auxin(['push', `round${i}`, 'main'], bundle, hub),
        rsync: () => rsync(`${bundle}/`, `${rs.url}/round${i}/`, rs),
        rsync_fsync: () => rsync(`${bundle}/`, `${rs.url}/round${i}-fsync/`, rs, ['--fsync']),
        node_floor: () => floorPush(bundle, floor),
        node_transport: () => floorPush(bundle, transport),
      };
      const run = {} as Record<Tool, number>;
      for (let k = 0; k < names.length; k++) {
        const tool = names[(i + k) % names.length]!;
        spawnSync('sync');
        const op = tools[tool]();
        run[tool] = op.seconds;
        cpu[tool].push(op.cpu);
      }
      runs.push(run);
      const del = await fetch(`${hub.url}/api/repos/bench/${encodeURIComponent(name)}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN}` },
      });
      if (!del.ok) throw new Error(`deleting ${name}: HTTP ${del.status}`);
      for (const d of [`round${i}`, `round${i}-fsync`]) {
        rmSync(`${base}/rsyncd/module/${d}`, { recursive: true, force: true });
      }
      for (const f of readdirSync(floorDir)) rmSync(`${floorDir}/${f}`);
    }
  } finally {
    await floor.stop();
    await transport.stop();
  }
  const line = (k: Tool) => {
    const secs = runs.map((r) => r[k]);
    const mbs = secs.map((x) => Number(rate(logical, x)));
    return (
      `median ${rate(logical, median(secs))} MB/s (${mbs.join(', ')}; ` +
      `median CPU ${median(cpu[k]).toFixed(2)} s)`
    );
  };
  const label: Record<Tool, string> = {
    auxin: 'auxin',
    rsync: 'rsync',
    rsync_fsync: 'rsync --fsync',
    node_floor: 'Node floor',
    node_transport: 'Node transport',
  };
  const text =
    `- initial push, ${n} more rounds side by side (${names.map((k) => label[k]).join(', ')}, ` +
    `in turn, each round starting with the next): ` +
    names.map((k) => `${label[k]} ${line(k)}`).join('; ');
  return { runs, cpu, text };
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
