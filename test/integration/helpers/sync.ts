/** Helpers for sync tests: run the real `auxin` binary, make project folders, compare them. */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../../src-main/store/store.js';
import type { InitStore } from '../../../src-main/hub/store-init.js';

export const CLI = path.resolve('dist/src-main/cli/main.js');

/** Repositories created by the hub in tests are real bare stores. */
export const bareStore: InitStore = async (dir) => {
  await Store.init(dir, { bare: true });
};

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function auxin(
  args: string[],
  opts: { cwd: string; token?: string | null; home: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: opts.home, CI: '1' };
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
