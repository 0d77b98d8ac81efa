import { spawnSync } from 'node:child_process';
import { lstat, readdir } from 'node:fs/promises';

/** Apparent bytes of every file under `dir` (what the store really holds). */
export async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  for (const n of names) {
    const st = await lstat(`${dir}/${n}`);
    total += st.isDirectory() ? await dirBytes(`${dir}/${n}`) : st.size;
  }
  return total;
}

export function hasTool(cmd: string): boolean {
  // restic answers `restic version`, git `git --version`.
  return ['version', '--version'].some(
    (a) => spawnSync(cmd, [a], { stdio: 'ignore' }).status === 0,
  );
}

export function toolVersion(cmd: string): string {
  const r = spawnSync(cmd, ['version'], { encoding: 'utf8' });
  const out =
    r.status === 0 ? r.stdout : spawnSync(cmd, ['--version'], { encoding: 'utf8' }).stdout;
  return (out ?? '').split('\n')[0]!.trim();
}

export interface Timing {
  /** Wall-clock seconds. */
  s: number;
  /** CPU seconds (user + system, all threads): what the work costs whatever the machine's load. */
  cpu: number;
}

/** Run a command through bash's `time`, fail loudly, return wall and CPU seconds. */
export function timed(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Timing {
  const quoted = [cmd, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const t = performance.now();
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='@@cpu %U %S'; time ${quoted} >/dev/null`], {
    ...opts,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  const m = /@@cpu ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { s, cpu: m ? Number(m[1]) + Number(m[2]) : NaN };
}

export const MiB = 1024 * 1024;
export function mib(n: number): string {
  return (n / MiB).toFixed(1);
}
