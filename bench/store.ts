import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import {
  Store,
  DEFAULT_CHUNK_PARAMS,
  hashBackend,
  type ChunkParams,
} from '../src-main/store/index.js';
import { isAuxinError } from '../src-shared/errors.js';
import { EDIT_COUNT, LogicProject, Noise, parseSize } from './lib/logic-project.js';
import { dirBytes, hasTool, mib, MiB, timed, toolVersion, type Timing } from './lib/tools.js';

/**
 * The store benchmark: a generated Logic-like project, an initial commit and 10 typical edits,
 * with commit throughput and stored bytes after each version, side by side with restic and git
 * when they are installed. Numbers, not pass/fail. `npm run bench:store -- --size 256M`.
 */
const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '1G' },
    dir: { type: 'string' },
    'no-restic': { type: 'boolean' },
    'no-git': { type: 'boolean' },
    sweep: { type: 'boolean' },
    json: { type: 'string' },
  },
});
const size = parseSize(values.size!);
const work = mkdtempSync(`${values.dir ?? tmpdir()}/auxin-bench-`);
const log = (s: string) => process.stdout.write(s + '\n');

interface Row {
  version: string;
  what: string;
  logical: number;
  auxin_s: number;
  auxin_cpu: number;
  auxin_bytes: number;
  restic_s?: number;
  restic_cpu?: number;
  restic_bytes?: number;
  git_s?: number;
  git_cpu?: number;
  git_bytes?: number;
}

async function auxinCommit(store: Store, message: string): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  await store.commit({ message, author: 'bench' });
  const cpu = process.cpuUsage(cpu0);
  return { s: (performance.now() - t) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
}

async function series(params: ChunkParams, tools: { restic: boolean; git: boolean }, tag: string) {
  const base = `${work}/${tag}`;
  const project = new LogicProject(base, size, 1);
  log(`generating a ${mib(size)} MiB project...`);
  let t = performance.now();
  await project.generate();
  // The generator's writes go to disk now, not during the first commit's timing: a studio's
  // project was saved long before it is committed.
  spawnSync('sync');
  log(`  generated in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const store = await Store.init(project.bundle, { chunking: params });
  const resticRepo = `${base}/restic-repo`;
  const gitDir = `${base}/git-dir`;
  const resticEnv = {
    ...process.env,
    RESTIC_PASSWORD: 'bench',
    RESTIC_REPOSITORY: resticRepo,
    RESTIC_CACHE_DIR: `${base}/restic-cache`,
  };
  const gitEnv = {
    ...process.env,
    GIT_DIR: gitDir,
    GIT_WORK_TREE: project.bundle,
    GIT_AUTHOR_NAME: 'b',
    GIT_AUTHOR_EMAIL: 'b@b',
    GIT_COMMITTER_NAME: 'b',
    GIT_COMMITTER_EMAIL: 'b@b',
  };
  if (tools.restic) timed('restic', ['init', '--quiet'], { env: resticEnv });
  if (tools.git) timed('git', ['init', '-q'], { env: gitEnv });
  const rows: Row[] = [];
  const snapshot = async (version: string, what: string) => {
    const logical = await dirBytes(project.bundle);
    const a = await auxinCommit(store, version);
    const row: Row = { version, what, logical, auxin_s: a.s, auxin_cpu: a.cpu, auxin_bytes: 0 };
    row.auxin_bytes =
      (await dirBytes(`${store.root}/versions`)) +
      (await dirBytes(`${store.root}/tree`)) +
      (await dirBytes(`${store.root}/history`));
    if (tools.restic) {
      const r = timed('restic', ['backup', '--quiet', '--exclude', 'Undo Data.nosync', '.'], {
        env: resticEnv,
        cwd: project.bundle,
      });
      row.restic_s = r.s;
      row.restic_cpu = r.cpu;
      row.restic_bytes = await dirBytes(resticRepo);
    }
    if (tools.git) {
      const g = timed(
        'sh',
        ['-c', `git add -A . ':!Alternatives/000/Undo Data.nosync' && git commit -qm ${version}`],
        { env: gitEnv, cwd: project.bundle },
      );
      row.git_s = g.s;
      row.git_cpu = g.cpu;
      row.git_bytes = await dirBytes(gitDir);
    }
    rows.push(row);
    log(
      `  ${version.padEnd(4)} ${what.padEnd(44)} auxin ${row.auxin_s.toFixed(2)} s (cpu ${row.auxin_cpu.toFixed(2)}) ${mib(row.auxin_bytes)} MiB` +
        (row.restic_s !== undefined
          ? ` | restic ${row.restic_s.toFixed(2)} s (cpu ${row.restic_cpu!.toFixed(2)}) ${mib(row.restic_bytes!)} MiB`
          : '') +
        (row.git_s !== undefined
          ? ` | git ${row.git_s.toFixed(2)} s (cpu ${row.git_cpu!.toFixed(2)}) ${mib(row.git_bytes!)} MiB`
          : ''),
    );
  };
  await snapshot('v0', 'initial project');
  for (let i = 0; i < EDIT_COUNT; i++) await snapshot(`v${i + 1}`, await project.edit(i));
  t = performance.now();
  let unchanged = 'committed';
  try {
    await store.commit({ message: 'again', author: 'bench' });
  } catch (e) {
    if (!isAuxinError(e) || e.code !== 'NOTHING_TO_COMMIT') throw e;
    unchanged = 'nothing to commit';
  }
  const recommit = (performance.now() - t) / 1000;
  const stats = await store.stats();
  return { rows, recommit, unchanged, stats };
}

/** 16 bytes inserted in the middle of a 100 MB file: what does the next commit add? */
async function insertion(params: ChunkParams) {
  const dir = `${work}/insert`;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const data = new Noise('insert').bytes(100 * 1000 * 1000);
  writeFileSync(`${dir}/big.wav`, data);
  const store = await Store.init(dir, { chunking: params });
  await store.commit({ message: 'a', author: 'b' });
  const objectBytes = async () =>
    (await dirBytes(`${store.root}/versions`)) +
    (await dirBytes(`${store.root}/tree`)) +
    (await dirBytes(`${store.root}/history`));
  const before = await objectBytes();
  const mid = data.length / 2;
  writeFileSync(
    `${dir}/big.wav`,
    Buffer.concat([data.subarray(0, mid), Buffer.from('0123456789abcdef'), data.subarray(mid)]),
  );
  await store.commit({ message: 'b', author: 'b' });
  const added = (await objectBytes()) - before;
  rmSync(dir, { recursive: true, force: true });
  return added;
}

async function main() {
  log(
    `auxin store benchmark: ${mib(size)} MiB project, ${cpus().length} x ${cpus()[0]?.model}, ${(totalmem() / 1024 ** 3).toFixed(0)} GiB RAM (${(freemem() / 1024 ** 3).toFixed(0)} free), node ${process.version}, BLAKE3 ${hashBackend}, load ${loadavg()[0]!.toFixed(1)}`,
  );
  log(`work folder: ${work}`);
  if (values.sweep) {
    const K = 1024;
    const sets: ChunkParams[] = [
      { min: 16 * K, avg: 64 * K, max: 256 * K },
      { min: 32 * K, avg: 128 * K, max: 512 * K },
      { min: 64 * K, avg: 128 * K, max: 512 * K },
      { min: 64 * K, avg: 256 * K, max: 1024 * K },
      { min: 128 * K, avg: 512 * K, max: 2048 * K },
    ];
    for (const p of sets) {
      log(`\nchunking min ${p.min / 1024} KiB avg ${p.avg / 1024} KiB max ${p.max / 1024} KiB`);
      const r = await series(p, { restic: false, git: false }, `sweep-${p.min}-${p.avg}`);
      const first = r.rows[0]!;
      const edits = r.rows.at(-1)!.auxin_bytes - first.auxin_bytes;
      log(
        `  => initial ${(first.logical / MiB / first.auxin_s).toFixed(0)} MiB/s, stored ${mib(first.auxin_bytes)} MiB, ` +
          `+${mib(edits)} MiB for the ${EDIT_COUNT} edits, ${r.stats.chunks} chunks, ` +
          `trees+commits ${mib(r.stats.object_bytes)} MiB, ` +
          `16-byte insertion adds ${((await insertion(p)) / 1024).toFixed(0)} KiB`,
      );
      rmSync(`${work}/sweep-${p.min}-${p.avg}`, { recursive: true, force: true });
    }
    rmSync(work, { recursive: true, force: true });
    return;
  }
  const tools = {
    restic: !values['no-restic'] && hasTool('restic'),
    git: !values['no-git'] && hasTool('git'),
  };
  log(
    `restic: ${tools.restic ? toolVersion('restic') : 'not run'}; git: ${tools.git ? toolVersion('git') : 'not run'}`,
  );
  const r = await series(DEFAULT_CHUNK_PARAMS, tools, 'main');
  const first = r.rows[0]!;
  const added = await insertion(DEFAULT_CHUNK_PARAMS);
  const rate = (s?: number) => (s === undefined ? '-' : `${(first.logical / MiB / s).toFixed(0)}`);
  log(
    '\n| version | edit | project MiB | auxin s | auxin stored MiB | restic s | restic stored MiB | git s | git stored MiB |',
  );
  log('|---|---|---|---|---|---|---|---|---|');
  for (const row of r.rows) {
    const f = (n?: number, d = 2) => (n === undefined ? '-' : n.toFixed(d));
    log(
      `| ${row.version} | ${row.what} | ${mib(row.logical)} | ${f(row.auxin_s)} | ${mib(row.auxin_bytes)} | ${f(row.restic_s)} | ${row.restic_bytes === undefined ? '-' : mib(row.restic_bytes)} | ${f(row.git_s)} | ${row.git_bytes === undefined ? '-' : mib(row.git_bytes)} |`,
    );
  }
  log(
    `\ninitial commit throughput (MiB/s): auxin ${rate(first.auxin_s)}, restic ${rate(first.restic_s)}, git ${rate(first.git_s)}`,
  );
  // CPU seconds do not depend on what else the machine runs: 2 cores busy on this work alone
  // would give at most size / (cpu / 2).
  log(
    `initial commit CPU seconds (user+sys, all threads): auxin ${first.auxin_cpu.toFixed(2)}, ` +
      `restic ${first.restic_cpu?.toFixed(2) ?? '-'}, git ${first.git_cpu?.toFixed(2) ?? '-'}; ` +
      `auxin's 2-core ceiling ${((first.logical / MiB / first.auxin_cpu) * 2).toFixed(0)} MiB/s`,
  );
  log(
    `load average during the run: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  log(`re-commit with no change: ${(r.recommit * 1000).toFixed(0)} ms (${r.unchanged})`);
  log(
    `16 bytes inserted in the middle of a 100 MB file adds ${(added / 1024).toFixed(0)} KiB to the store`,
  );
  log(`store stats: ${JSON.stringify(r.stats)}`);
  if (values.json)
    writeFileSync(
      values.json,
      JSON.stringify(
        { size, rows: r.rows, recommit_s: r.recommit, insertion_bytes: added, stats: r.stats },
        null,
        2,
      ),
    );
  rmSync(work, { recursive: true, force: true });
}

main().catch((e) => {
  rmSync(work, { recursive: true, force: true });
  console.error(e);
  process.exitCode = 1;
});
