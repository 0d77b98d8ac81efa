/** The real `auxin hub` as a child process on 127.0.0.1 (port 0 unless given): the one way tests spawn it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { AUXIN_NODE_FLAGS } from '../../../src-main/cli/node-flags.js';
import { CLI } from '../../helpers/cli.js';

export interface HubProcess {
  child: ChildProcess;
  url: string;
  port: number;
  /** Everything the process printed so far. */
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Kill it (SIGTERM unless told) and wait for it to exit; a no-op once it has. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface HubProcessOptions {
  /** Added to the environment; AUXIN_LOG_LEVEL is silent unless set here. */
  env?: NodeJS.ProcessEnv;
  /** Extra `auxin hub` arguments. */
  args?: string[];
  port?: number;
  timeoutMs?: number;
}

export async function startHubProcess(
  dataDir: string,
  opts: HubProcessOptions = {},
): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    [
      ...AUXIN_NODE_FLAGS,
      CLI,
      'hub',
      '--data',
      dataDir,
      '--port',
      String(opts.port ?? 0),
      '--host',
      '127.0.0.1',
      ...(opts.args ?? []),
    ],
    {
      env: { ...process.env, AUXIN_LOG_LEVEL: 'silent', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => res({ code, signal })),
  );
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  for (;;) {
    const m = /listening on (https?:\/\/\S+)/.exec(out);
    if (m) {
      const url = m[1]!;
      return {
        child,
        url,
        port: Number(new URL(url).port),
        stdout: () => out,
        stderr: () => err,
        exited,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill(signal);
          await exited;
        },
      };
    }
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`hub did not start (exit ${child.exitCode}):\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
