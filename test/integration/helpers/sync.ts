/** Helpers for sync tests: run the real `auxin` binary, make project folders, compare them. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI = path.resolve('dist/src-main/cli/main.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function auxin(
  args: string[],
  opts: {
    cwd: string;
    token?: string | null;
    home: string;
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
  },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: opts.home, CI: '1', ...opts.env };
    delete env.AUXIN_TOKEN;
    if (opts.token) env.AUXIN_TOKEN = opts.token;
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 45_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Run and insist on success, returning parsed --json output when asked. */
export async function ok(
  args: string[],
  opts: Parameters<typeof auxin>[1],
): Promise<RunResult & { json: () => Record<string, unknown> }> {
  const r = await auxin(args, opts);
  if (r.code !== 0) throw new Error(`auxin ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return { ...r, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}

/** Write a small project: nested folders, awkward names, some MB of incompressible audio-like data. */
export function writeProject(dir: string, audioMiB = 4): void {
  const media = path.join(dir, 'Media', 'Audio Files');
  fs.mkdirSync(media, { recursive: true });
  fs.mkdirSync(path.join(dir, 'Alternatives', '000'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Alternatives', '000', 'ProjectData'), randomBytes(300 * 1024));
  fs.writeFileSync(path.join(media, 'Take #1 (Gitarre).wav'), randomBytes(audioMiB * 1024 * 1024));
  fs.writeFileSync(path.join(media, 'Вокал é.wav'), randomBytes(1024 * 1024));
  fs.writeFileSync(path.join(dir, 'empty.txt'), '');
  fs.mkdirSync(path.join(dir, 'Empty Folder'));
}

/** Every regular file under `dir` (store folders excluded), path -> content. */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name === '.auxin') continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), fs.readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

export function expectSameFiles(a: string, b: string): void {
  const sa = snapshot(a);
  const sb = snapshot(b);
  const diff = [...new Set([...sa.keys(), ...sb.keys()])].filter(
    (k) => !sa.get(k) || !sb.get(k) || !sa.get(k)!.equals(sb.get(k)!),
  );
  if (diff.length) throw new Error(`folders differ in: ${diff.join(', ')}`);
}

export interface HubProcess {
  child: ChildProcess;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The real `auxin hub` as a child process on 127.0.0.1 (port 0 unless given). */
export function startHubProcess(
  dataDir: string,
  adminToken: string,
  port = 0,
): Promise<HubProcess> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, AUXIN_ADMIN_TOKEN: adminToken };
    const child = spawn(
      process.execPath,
      [CLI, 'hub', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hub did not start: ${out}`));
    }, 15_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m) {
        clearTimeout(timer);
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({
          child,
          url: m[1]!,
          port: Number(m[2]),
          stop: () =>
            new Promise((r) => {
              if (child.exitCode !== null || child.signalCode !== null) return r();
              child.once('exit', () => r());
              child.kill('SIGKILL');
            }),
        });
      }
    });
    child.stderr!.resume();
    child.on('exit', (code) => reject(new Error(`hub exited (${code}): ${out}`)));
  });
}
