/**
 * The desktop app's hub runs in a child process (Electron's utilityProcess; see
 * docs/architecture.md for the measurement behind that). This is the message protocol between
 * the two, and the parent's side of it over a small port, so it runs the same under Electron and
 * under a plain Node fork in tests.
 */
import { z } from 'zod';
import { AuxinError, ErrorCodes, type ErrorCode } from '../../src-shared/errors.js';

export const ChildMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('ready'),
    url: z.string(),
    host: z.string(),
    port: z.number().int(),
    dataDir: z.string(),
    /** The desktop session: the local user is the hub's admin. */
    username: z.string(),
    token: z.string(),
    lan: z.array(z.string()),
    firstStart: z.boolean(),
  }),
  z.object({
    type: z.literal('failed'),
    code: z.string(),
    message: z.string(),
    /** What the error names (PORT_IN_USE: the port and host). */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
  z.object({ type: z.literal('stopped') }),
]);
export type ChildMessage = z.infer<typeof ChildMessage>;
export type ReadyMessage = Extract<ChildMessage, { type: 'ready' }>;

export type ParentMessage = { type: 'stop' };

/** What the parent needs of a child: Electron's UtilityProcess has exactly these members. */
export interface ChildLike {
  postMessage(message: ParentMessage): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  kill(): boolean;
}

export interface RunningHub extends Omit<ReadyMessage, 'type'> {
  /** Resolves with the exit code when the child process ends, for whatever reason. */
  exited: Promise<number>;
  /** Stop as `auxin hub` does on SIGTERM: finish or abandon in-flight writes, then exit. */
  stop(graceMs?: number): Promise<void>;
}

export function startHubChild(fork: () => ChildLike, timeoutMs = 30_000): Promise<RunningHub> {
  const child = fork();
  let exitCode: number | null = null;
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  return new Promise<RunningHub>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new AuxinError('UNAVAILABLE', `the hub did not start within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new AuxinError('UNAVAILABLE', `the hub exited while starting (code ${code})`));
    });
    child.on('message', (raw) => {
      const m = ChildMessage.safeParse(raw);
      if (!m.success) return;
      if (m.data.type === 'failed') {
        clearTimeout(timer);
        // The hub's own code is kept: the app words some failures for itself (start-failure.ts).
        reject(
          new AuxinError(
            (m.data.code in ErrorCodes ? m.data.code : 'UNAVAILABLE') as ErrorCode,
            `the hub could not start: ${m.data.message}`,
            m.data.details,
          ),
        );
      } else if (m.data.type === 'ready') {
        clearTimeout(timer);
        const { type: _t, ...ready } = m.data;
        let stopping: Promise<void> | null = null;
        resolve({
          ...ready,
          exited,
          stop(graceMs = 30_000) {
            stopping ??= (async () => {
              if (exitCode !== null) return;
              child.postMessage({ type: 'stop' });
              // A hub that does not finish in time is cut, as a second SIGTERM cuts `auxin hub`.
              const cut = setTimeout(() => child.kill(), graceMs);
              await exited;
              clearTimeout(cut);
            })();
            return stopping;
          },
        });
      }
    });
  });
}
