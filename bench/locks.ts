/**
 * `npm run bench:locks [-- --duration 30 --clients 100 --repos 10 --backends file,redis --hubs 1,2]`
 * Clients contend over HTTP for a few repositories' locks on real `auxin hub` processes on
 * 127.0.0.1: acquisitions per second, acquire latency p50/p99, and double grants. Every winner
 * records the interval it held a lock (from the acquire's answer to the release's request), so
 * any overlap on one repository is a double grant; there must be none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { AUXIN_NODE_FLAGS } from '../src-main/cli/node-flags.js';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { startRedis } from './lib/redis-server.js';

const CLI = path.resolve(import.meta.dirname, '../cli/auxin.js');
const TOKEN = 'bench-admin-token-0123456789abcdef';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '30' },
    clients: { type: 'string', default: '100' },
    repos: { type: 'string', default: '10' },
    backends: { type: 'string', default: 'file,redis' },
    hubs: { type: 'string', default: '1,2' },
  },
});
const DURATION_MS = Number(values.duration) * 1000;
const CLIENTS = Number(values.clients);
const REPOS = Number(values.repos);

interface Hub {
  url: string;
  child: ChildProcess;
}

async function startHub(dataDir: string, env: Record<string, string>): Promise<Hub> {
  // The request log goes to a file: a pipe the benchmark is too busy to drain would stall the hub.
  const log = path.join(dataDir, `.hub-${Date.now()}-${Math.random().toString(36).slice(2)}.log`);
  const fd = fs.openSync(log, 'w');
  const child = spawn(
    process.execPath,
    [...AUXIN_NODE_FLAGS, CLI, 'hub', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'],
    { env: { ...process.env, AUXIN_ADMIN_TOKEN: TOKEN, ...env }, stdio: ['ignore', fd, 'inherit'] },
  );
  fs.closeSync(fd);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const m = /listening on (http:\/\/\S+)/.exec(fs.readFileSync(log, 'utf8'));
    if (m) return { url: m[1]!, child };
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`hub did not start: see ${log}`);
    await sleep(50);
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

function request(
  base: string,
  method: string,
  p: string,
  token: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const u = new URL(base);
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path: p,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(data
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
            : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function run(backend: 'file' | 'redis', hubCount: number, redisUrl: string | null) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'auxin-bench-locks-'));
  const env: Record<string, string> =
    backend === 'redis'
      ? { ENABLE_REDIS_LOCKS: 'true', REDIS_URL: redisUrl!, AUXIN_REDIS_PREFIX: `b${Date.now()}:` }
      : {};
  const hubs: Hub[] = [await startHub(dataDir, env)];
  try {
    const first = hubs[0]!.url;
    for (let r = 0; r < REPOS; r++) {
      const res = await request(first, 'POST', `/api/repos/bench/song${r}`, TOKEN, {});
      if (res.status !== 201) throw new Error(`create repo: ${res.status} ${res.text}`);
    }
    const tokens: string[] = [];
    for (let c = 0; c < CLIENTS; c++) {
      const res = await request(first, 'POST', '/api/users', TOKEN, {
        username: `client${c}`,
        role: 'producer',
      });
      if (res.status !== 201) throw new Error(`create user: ${res.status} ${res.text}`);
      tokens.push((JSON.parse(res.text) as { token: string }).token);
    }
    // Later hubs start after the repositories and users exist, as a second studio machine would.
    while (hubs.length < hubCount) hubs.push(await startHub(dataDir, env));

    const intervals: Array<Array<[number, number]>> = Array.from({ length: REPOS }, () => []);
    const acquireLatency: number[] = [];
    const releaseLatency: number[] = [];
    let granted = 0;
    let refused = 0;
    let errors = 0;
    const started = performance.now();
    const end = started + DURATION_MS;
    await Promise.all(
      tokens.map(async (token, c) => {
        const hub = hubs[c % hubs.length]!.url;
        while (performance.now() < end) {
          const r = Math.floor(Math.random() * REPOS);
          const base = `/api/repos/bench/song${r}/locks`;
          const t0 = performance.now();
          const res = await request(hub, 'POST', `${base}/acquire`, token, {
            machine_id: `m${c}`,
            ttl_seconds: 60,
          });
          const t1 = performance.now();
          acquireLatency.push(t1 - t0);
          if (res.status === 200) {
            granted++;
            const { lock_id } = JSON.parse(res.text) as { lock_id: string };
            await sleep(Math.random() * 2);
            const held: [number, number] = [performance.timeOrigin + t1, 0];
            held[1] = performance.timeOrigin + performance.now();
            intervals[r]!.push(held);
            const r0 = performance.now();
            const rel = await request(hub, 'POST', `${base}/release`, token, {
              lock_id,
              machine_id: `m${c}`,
            });
            releaseLatency.push(performance.now() - r0);
            if (rel.status !== 200) errors++;
          } else if (res.status === 409) {
            refused++;
            // A polite client polls again a little later (the desktop app would use notify).
            await sleep(20 + Math.random() * 40);
          } else {
            errors++;
          }
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    let doubleGrants = 0;
    for (const list of intervals) {
      list.sort((a, b) => a[0] - b[0]);
      let maxEnd = -Infinity;
      for (const [s, e] of list) {
        if (s < maxEnd) doubleGrants++;
        maxEnd = Math.max(maxEnd, e);
      }
    }
    const sorted = acquireLatency.sort((a, b) => a - b);
    return {
      backend,
      hubs: hubCount,
      clients: CLIENTS,
      repos: REPOS,
      seconds: Number(seconds.toFixed(1)),
      acquisitions_per_s: Number((granted / seconds).toFixed(1)),
      attempts_per_s: Number(((granted + refused) / seconds).toFixed(1)),
      acquire_p50_ms: Number(pct(sorted, 0.5).toFixed(2)),
      acquire_p99_ms: Number(pct(sorted, 0.99).toFixed(2)),
      release_p50_ms: Number(
        pct(
          releaseLatency.sort((a, b) => a - b),
          0.5,
        ).toFixed(2),
      ),
      granted,
      refused,
      errors,
      double_grants: doubleGrants,
    };
  } finally {
    for (const h of hubs) {
      const exited = new Promise((r) => h.child.once('exit', r));
      h.child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main() {
  const backends = values.backends.split(',') as Array<'file' | 'redis'>;
  const hubCounts = values.hubs.split(',').map(Number);
  const redis = backends.includes('redis') ? await startRedis() : null;
  const results = [];
  try {
    for (const b of backends) {
      for (const n of hubCounts) {
        process.stderr.write(
          `bench:locks ${b} backend, ${n} hub(s), ${CLIENTS} clients, ${REPOS} repos, ${DURATION_MS / 1000} s...\n`,
        );
        results.push(await run(b, n, redis?.url ?? null));
      }
    }
  } finally {
    await redis?.stop();
    agent.destroy();
  }
  const cols = [
    ['backend', 'backend'],
    ['hubs', 'hubs'],
    ['clients', 'clients'],
    ['repos', 'repos'],
    ['s', 'seconds'],
    ['acquisitions/s', 'acquisitions_per_s'],
    ['attempts/s', 'attempts_per_s'],
    ['acquire p50 ms', 'acquire_p50_ms'],
    ['acquire p99 ms', 'acquire_p99_ms'],
    ['release p50 ms', 'release_p50_ms'],
    ['errors', 'errors'],
    ['double grants', 'double_grants'],
  ] as const;
  const lines = [
    `| ${cols.map((c) => c[0]).join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...results.map((r) => `| ${cols.map((c) => String(r[c[1]])).join(' | ')} |`),
    '',
    `machine: ${os.cpus().length} CPUs; load average at the end ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  fs.mkdirSync('bench/out', { recursive: true });
  fs.writeFileSync('bench/out/locks.json', JSON.stringify(results, null, 2) + '\n');
  if (results.some((r) => r.double_grants > 0)) process.exitCode = 1;
}

await main();
