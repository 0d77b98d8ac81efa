/**
 * Watcher benchmark (npm run bench:watch): latency from the last write of a simulated Logic
 * save to the metadata event, and CPU while idle with many bundles watched.
 * Options: --bundles N (500) --saves N (30) --parallel N (5) --idle-s S (20) --quiet-ms MS (2000)
 */
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'plist';
import { parsePlistDict } from '../src-main/logic/plist.js';
import { ProjectWatcher } from '../src-main/logic/watcher.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

const BUNDLES = arg('bundles', 500);
const SAVES = arg('saves', 30);
const PARALLEL = arg('parallel', 5);
const IDLE_S = arg('idle-s', 20);
const QUIET_MS = arg('quiet-ms', 2000);

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.resolve(
  here,
  '../../test/fixtures/logicx/jonkubis-LogicProFormatWriter/F0_baseline.logicx',
);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** A Logic-like save: churn Logic writes too, then ProjectData, MetaData.plist, ProjectInformation. */
async function save(bundle: string, bpm: number): Promise<number> {
  const alt = path.join(bundle, 'Alternatives', '000');
  await fsp.mkdir(path.join(alt, 'Undo Data.nosync'), { recursive: true });
  await fsp.writeFile(path.join(alt, 'Undo Data.nosync', `${bpm}.undo`), 'u');
  await fsp.mkdir(path.join(alt, 'Project File Backups', '00'), { recursive: true });
  await fsp.copyFile(
    path.join(alt, 'MetaData.plist'),
    path.join(alt, 'Project File Backups', '00', 'MetaData.plist'),
  );
  await fsp.writeFile(
    path.join(alt, 'ProjectData'),
    await fsp.readFile(path.join(alt, 'ProjectData')),
  );
  const md = parsePlistDict(await fsp.readFile(path.join(alt, 'MetaData.plist')));
  await fsp.writeFile(
    path.join(alt, 'MetaData.plist'),
    build({ ...md, BeatsPerMinute: bpm } as never),
  );
  const pi = path.join(bundle, 'Resources', 'ProjectInformation.plist');
  await fsp.writeFile(pi, await fsp.readFile(pi));
  return performance.now();
}

async function main(): Promise<void> {
  const lib = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-bench-watch-'));
  const bundles: string[] = [];
  try {
    for (let i = 0; i < BUNDLES; i++) {
      const folder = path.join(lib, `Artist ${Math.floor(i / 20)}`);
      const b = path.join(folder, `Song ${i}.logicx`);
      await fsp.cp(fixture, b, { recursive: true });
      await fsp.mkdir(path.join(b, 'Media', 'Audio Files'), { recursive: true });
      await fsp.writeFile(path.join(b, 'Media', 'Audio Files', 'take.wav'), Buffer.alloc(4096));
      bundles.push(b);
    }
    const watcher = new ProjectWatcher([lib], { quietMs: QUIET_MS });
    const waiting = new Map<string, (t: number) => void>();
    watcher.on('project.updated', (e) => waiting.get(e.path)?.(performance.now()));
    watcher.on('project.unreadable', (e) =>
      process.stderr.write(`unreadable ${e.path}: ${e.error}\n`),
    );
    watcher.on('error', (e) => process.stderr.write(`watcher error: ${e.message}\n`));
    const t0 = performance.now();
    await watcher.start();
    const startS = (performance.now() - t0) / 1000;
    const found = watcher.projects().size;

    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await sleep(IDLE_S * 1000);
    const cpu = process.cpuUsage(cpu0);
    const idlePct = ((cpu.user + cpu.system) / 1000 / (performance.now() - wall0)) * 100;

    const latencies: number[] = [];
    for (let done = 0; done < SAVES; done += PARALLEL) {
      const batch = bundles.slice(done, Math.min(done + PARALLEL, SAVES));
      await Promise.all(
        batch.map(async (b, k) => {
          const got = new Promise<number>((r) => waiting.set(b, r));
          const last = await save(b, 200 + done + k); // never 120, the fixture's own tempo
          const at = await Promise.race([got, sleep(QUIET_MS * 10).then(() => NaN)]);
          waiting.delete(b);
          if (Number.isNaN(at)) process.stderr.write(`no event for ${b}\n`);
          latencies.push(at - last);
        }),
      );
    }
    await watcher.close();
    const ok = latencies.filter((x) => Number.isFinite(x));
    const result = {
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${os.platform()} ${os.release()}, Node ${process.version}`,
      bundles: BUNDLES,
      found,
      initial_scan_s: +startS.toFixed(2),
      quiet_ms: QUIET_MS,
      idle_seconds: IDLE_S,
      idle_cpu_percent_of_one_core: +idlePct.toFixed(3),
      saves: latencies.length,
      missed: latencies.length - ok.length,
      latency_ms: {
        p50: Math.round(pct(ok, 50)),
        p95: Math.round(pct(ok, 95)),
        max: Math.round(Math.max(...ok)),
      },
    };
    process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  } finally {
    await fsp.rm(lib, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench:watch failed: ${(e as Error).stack}\n`);
  process.exitCode = 1;
});
