/** The built `auxin` CLI, and the one way tests run it as a real, time-bounded process. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const CLI = resolve(import.meta.dirname, '../../dist/cli/auxin.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** HOME for the child, so saved credentials stay in the test's own folder. */
  home?: string;
  /** AUXIN_TOKEN for the child; any inherited one is always dropped. */
  token?: string | null;
  /** Applied last, over everything above. */
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** SIGKILL after this long. */
  timeoutMs?: number;
}

export function auxin(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((done, fail) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CI: '1' };
    if (opts.home !== undefined) env.HOME = opts.home;
    delete env.AUXIN_TOKEN;
    if (opts.token) env.AUXIN_TOKEN = opts.token;
    Object.assign(env, opts.env);
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 30_000);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Run and insist on success, returning parsed --json output when asked. */
export async function ok(
  args: string[],
  opts: RunOptions = {},
): Promise<RunResult & { json: () => Record<string, unknown> }> {
  const r = await auxin(args, opts);
  if (r.code !== 0) throw new Error(`auxin ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return { ...r, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
}
