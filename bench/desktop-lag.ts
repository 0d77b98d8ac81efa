/**
 * Where the desktop app's hub runs: in Electron's main process, or in a utilityProcess. The main
 * process draws the menu and answers the window's IPC, so what matters is how late a timer on
 * the hub's thread fires while a large push lands. Here the hub runs in this very process (as it
 * would in the main process), a 10 ms interval records how late each tick is, and the `auxin`
 * CLI pushes a Logic-like project from a child process (the other side of the wire). The same
 * timer with the hub in a child process is the baseline a utilityProcess gives the main process.
 * `npm run bench:desktop -- --size 1G`. Numbers, not pass/fail.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createHub } from '../src-main/hub/app.js';
import { createLogger } from '../src-main/hub/logging.js';
import { Store } from '../src-main/store/index.js';
import { LogicProject, parseSize } from './lib/logic-project.js';

const { values } = parseArgs({
  options: { size: { type: 'string', default: '1G' }, dir: { type: 'string' } },
});
const CLI = resolve('dist/cli/auxin.js');
const ADMIN = 'bench-admin-token-0123456789abcdef';
const work = mkdtempSync(`${values.dir ?? tmpdir()}/auxin-bench-desktop-`);
const log = (s: string) => process.stdout.write(s + '\n');

/** Lateness of a 10 ms interval, in ms, sampled until stop(). */
function lagProbe() {
  const lates: number[] = [];
  let last = performance.now();
  const t = setInterval(() => {
    const now = performance.now();
    lates.push(Math.max(0, now - last - 10));
    last = now;
  }, 10);
  return {
    stop() {
      clearInterval(t);
      const s = [...lates].sort((a, b) => a - b);
      const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
      const over = (ms: number) => s.filter((x) => x > ms).length;
      return {
        ticks: s.length,
        p50: q(0.5),
        p99: q(0.99),
        max: s[s.length - 1] ?? 0,
        over16: over(16),
        over50: over(50),
      };
    },
  };
}

function push(bundle: string, url: string): Promise<number> {
  spawnSync(process.execPath, [CLI, 'remote', 'add', 'origin', `${url}/bench/Song.logicx`], {
    cwd: bundle,
  });
  const t = performance.now();
  return new Promise((done, fail) => {
    const c = spawn(process.execPath, [CLI, 'push', '--json'], {
      cwd: bundle,
      env: { ...process.env, AUXIN_TOKEN: ADMIN, CI: '1' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    c.on('exit', (code) =>
      code === 0 ? done((performance.now() - t) / 1000) : fail(new Error(`push exit ${code}`)),
    );
  });
}

async function inProcess(bundle: string, dataDir: string) {
  const hub = createHub(
    { dataDir, port: 0, host: '127.0.0.1', corsOrigins: [], adminToken: ADMIN, watch: [] },
    { logger: createLogger('silent') },
  );
  const { url } = await hub.listen();
  const probe = lagProbe();
  const seconds = await push(bundle, url);
  const lag = probe.stop();
  await hub.close();
  return { seconds, lag };
}

async function childProcess(bundle: string, dataDir: string) {
  const hub = spawn(
    process.execPath,
    [CLI, 'hub', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'],
    {
      env: { ...process.env, AUXIN_ADMIN_TOKEN: ADMIN, AUXIN_LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((done) => {
    let out = '';
    hub.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) done(m[1]!);
    });
  });
  const probe = lagProbe();
  const seconds = await push(bundle, url);
  const lag = probe.stop();
  hub.kill('SIGTERM');
  await new Promise((r) => hub.once('exit', r));
  return { seconds, lag };
}

const size = parseSize(values.size!);
log(`desktop hub placement: ${values.size} project, load average ${loadavg()[0]!.toFixed(1)}`);
const project = new LogicProject(`${work}/p`, size, 1);
await project.generate();
const store = await Store.init(project.bundle);
await store.commit({ message: 'v1', author: 'bench' });
const idle = lagProbe();
await new Promise((r) => setTimeout(r, 3000));
const fmt = (l: ReturnType<ReturnType<typeof lagProbe>['stop']>) =>
  `timer lateness p50 ${l.p50.toFixed(1)} ms, p99 ${l.p99.toFixed(1)} ms, max ${l.max.toFixed(0)} ms; ` +
  `${l.over16} of ${l.ticks} ticks later than a frame (16 ms), ${l.over50} later than 50 ms`;
log(`idle (no hub): ${fmt(idle.stop())}`);
const a = await inProcess(project.bundle, `${work}/hub-a`);
log(`hub in this process: push ${a.seconds.toFixed(1)} s, ${fmt(a.lag)}`);
spawnSync(process.execPath, [CLI, 'remote', 'remove', 'origin'], { cwd: project.bundle });
const b = await childProcess(project.bundle, `${work}/hub-b`);
log(`hub in a child process: push ${b.seconds.toFixed(1)} s, ${fmt(b.lag)}`);
rmSync(work, { recursive: true, force: true });
