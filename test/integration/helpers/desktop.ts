/**
 * The built desktop main process (package.json "main") run by Node under the Electron stand-in
 * (test/electron-standin/): its recorded calls read from a JSON-lines file, commands sent as
 * JSON lines on its stdin, each answered by a `reply` record.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../helpers/logic-fixtures.js';

export const MAIN = path.join(repoRoot, 'dist/src-main/electron/main.js');
export const REGISTER = path.join(repoRoot, 'test/electron-standin/register.mjs');

export type Rec = { call: string; t: number } & Record<string, unknown>;

export interface DesktopProcess {
  child: ChildProcess;
  records(): Rec[];
  /** The first record (after `since` records) that matches, waiting for it. */
  waitFor(
    pred: (r: Rec) => boolean,
    what: string,
    timeoutMs?: number,
    since?: number,
  ): Promise<Rec>;
  send(cmd: Record<string, unknown>, timeoutMs?: number): Promise<Rec>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
  kill(): Promise<void>;
}

export function startDesktop(dir: string, env: NodeJS.ProcessEnv): DesktopProcess {
  const log = path.join(dir, 'standin.jsonl');
  const child = spawn(process.execPath, ['--import', REGISTER, MAIN], {
    cwd: repoRoot,
    env: {
      ...process.env,
      AUXIN_LOG_LEVEL: 'silent',
      AUXIN_STANDIN_LOG: log,
      AUXIN_STANDIN_CONTROL: 'stdin',
      AUXIN_STANDIN_APPDATA: path.join(dir, 'appdata'),
      AUXIN_BONJOUR: '0',
      ...env,
    },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  const records = (): Rec[] => {
    if (!fs.existsSync(log)) return [];
    return fs
      .readFileSync(log, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Rec);
  };
  let ids = 0;
  const waitFor: DesktopProcess['waitFor'] = async (pred, what, timeoutMs = 20_000, since = 0) => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = records().slice(since).find(pred);
      if (hit) return hit;
      if (Date.now() > end || child.exitCode !== null) {
        throw new Error(
          `desktop app: no ${what} within ${timeoutMs} ms (stderr: ${err.slice(-2000)})`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    child,
    records,
    waitFor,
    send(cmd, timeoutMs = 20_000) {
      const id = ++ids;
      child.stdin!.write(JSON.stringify({ ...cmd, id }) + '\n');
      return waitFor(
        (r) => r.call === 'reply' && r.id === id,
        `reply to ${String(cmd.cmd)}`,
        timeoutMs,
      );
    },
    exited,
    stderr: () => err,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** The items of a recorded tray menu, flattened to their labels (submenus as "parent > child"). */
export function menuLabels(items: unknown): string[] {
  const out: string[] = [];
  const walk = (list: unknown, prefix: string) => {
    for (const i of (list as { label?: string; submenu?: unknown }[]) ?? []) {
      if (i.label) out.push(prefix + i.label);
      if (i.submenu) walk(i.submenu, `${prefix}${i.label} > `);
    }
  };
  walk(items, '');
  return out;
}
