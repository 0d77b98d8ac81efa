/**
 * The one IPC registry: every channel the window may call, with the zod schema of its arguments.
 * The main process registers exactly these (through `guard`), the preload exposes one function
 * per entry (test/unit/desktop-preload.test.ts checks the two agree), and the renderer calls
 * `window.auxin.<name>(...)`.
 */
import { z } from 'zod';
import { AuxinError } from '../../src-shared/errors.js';
import { isOwnFrame, type FrameLike } from './security.js';

const Name = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^/\\\0]+$/, 'must be a plain name');
const Project = z.object({ namespace: Name, name: Name }).strict();

export const ipcChannels = {
  /** The window's session with its hub: `{ url, token, username }`. */
  getSession: { channel: 'auxin:get-session', args: z.tuple([]) },
  lockAndOpen: { channel: 'auxin:lock-and-open', args: z.tuple([Project]) },
  release: { channel: 'auxin:release', args: z.tuple([Project]) },
  suggestMessage: { channel: 'auxin:suggest-message', args: z.tuple([Project]) },
  finishSession: {
    channel: 'auxin:finish-session',
    args: z.tuple([Project, z.object({ message: z.string().min(1).max(2000) }).strict()]),
  },
  copyHubAddress: { channel: 'auxin:copy-hub-address', args: z.tuple([]) },
  getPreferences: { channel: 'auxin:get-preferences', args: z.tuple([]) },
  setPreferences: {
    channel: 'auxin:set-preferences',
    args: z.tuple([
      z
        .object({
          hideDock: z.boolean(),
          openAtLogin: z.boolean(),
          sound: z.boolean(),
        })
        .partial()
        .strict(),
    ]),
  },
  discoverHubs: { channel: 'auxin:discover-hubs', args: z.tuple([]) },
  connectHub: {
    channel: 'auxin:connect-hub',
    args: z.tuple([
      z
        .object({
          address: z.string().min(1).max(300),
          username: z.string().min(1).max(100),
          password: z.string().min(1).max(1000),
        })
        .strict(),
    ]),
  },
  /** Client mode's way back: this Mac runs its own hub again (the app relaunches). */
  runOwnHub: { channel: 'auxin:run-own-hub', args: z.tuple([]) },
} as const;

export type IpcName = keyof typeof ipcChannels;
export type IpcArgs<N extends IpcName> = z.infer<(typeof ipcChannels)[N]['args']>;

/** What a handler needs of Electron's IpcMainInvokeEvent. */
export interface InvokeEventLike {
  senderFrame: FrameLike | null;
}

/**
 * Wrap a handler so it runs only for the app's own frame and with valid arguments; anything
 * else is refused with FORBIDDEN or INVALID_ARGUMENT before the handler sees it.
 */
export function guard<N extends IpcName>(
  name: N,
  appOrigin: () => string,
  handler: (...args: IpcArgs<N>) => unknown,
): (event: InvokeEventLike, ...raw: unknown[]) => Promise<unknown> {
  const spec = ipcChannels[name];
  return async (event, ...raw) => {
    if (!isOwnFrame(event?.senderFrame, appOrigin())) {
      throw new AuxinError('FORBIDDEN', `${spec.channel}: refused, not sent by the app's page`);
    }
    const parsed = spec.args.safeParse(raw);
    if (!parsed.success) {
      throw new AuxinError(
        'INVALID_ARGUMENT',
        `${spec.channel}: bad arguments: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
      );
    }
    return handler(...(parsed.data as IpcArgs<N>));
  };
}

/**
 * Electron passes only an error's message to the page ("Error invoking remote method '<ch>':
 * Error: <message>"), so a handler's failure is sent as "<CODE>: <message>", and the page reads
 * the code back (src-renderer/services/desktop.ts) to choose its words as it does for the hub.
 */
export function forRenderer(e: unknown): Error {
  const code = e instanceof AuxinError ? e.code : 'INTERNAL';
  const message = e instanceof Error ? e.message : String(e);
  return new Error(`${code}: ${message}`);
}
