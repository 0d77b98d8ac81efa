/**
 * The hub the app works with: its own, in a utilityProcess (docs/architecture.md says why), or,
 * in client mode, the hub this Mac signed in to. Both give a URL and a session.
 */
import { app, dialog, utilityProcess } from 'electron';
import * as net from 'node:net';
import * as path from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { AUXIN_NODE_FLAGS } from '../cli/node-flags.js';
import { resolveHub } from '../client/credentials.js';
import { startHubChild, type ChildLike } from '../desktop/hub-link.js';
import { PreferenceStore } from '../desktop/preferences.js';
import { startFailure } from '../desktop/start-failure.js';
import { hubChildPath } from './paths.js';

export interface AppHub {
  url: string;
  token: string;
  username: string;
  runsHub: boolean;
  lanAddress: string | null;
  prefs: PreferenceStore;
  /** Stops the app's own hub (a no-op in client mode); safe to call twice. */
  stop(): Promise<void>;
  /** Pause hub / Resume hub from the tray. */
  togglePause(): Promise<boolean>;
}

function forkHub(prefs: PreferenceStore): ChildLike {
  const port = prefs.get().hubPort;
  // The port chosen in the app; AUXIN_PORT, when set, still wins (as for `auxin hub`).
  const env = port !== null && !process.env.AUXIN_PORT ? { AUXIN_PORT: String(port) } : {};
  return utilityProcess.fork(hubChildPath, [], {
    serviceName: 'Auxin Hub',
    stdio: 'inherit',
    env: { ...process.env, ...env },
    // The flags every hub process runs with (src-main/cli/node-flags.ts).
    execArgv: [...AUXIN_NODE_FLAGS],
  }) as unknown as ChildLike;
}

/** A port free on `host` right now (the dialog's "Use port N"), or null. */
function freePort(host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(null));
    s.listen(0, host, () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The app's hub; when it cannot start (a port taken, a bad setting), says why in the app's words
 * and quits, or, for a busy port, relaunches on a free one when the producer asks for it.
 */
export async function startHub(): Promise<AppHub> {
  const prefs = new PreferenceStore(path.join(app.getPath('userData'), 'preferences.json'));
  try {
    return await start(prefs);
  } catch (e) {
    const host = e instanceof AuxinError ? e.details.host : undefined;
    const free =
      e instanceof AuxinError && e.code === 'PORT_IN_USE' && !process.env.AUXIN_PORT
        ? await freePort(typeof host === 'string' ? host : '0.0.0.0')
        : null;
    const f = startFailure(e, { envPort: process.env.AUXIN_PORT, freePort: free });
    if (f.offerPort === null) {
      dialog.showErrorBox(f.title, `${f.message}\n\n${f.detail}`);
    } else {
      const { response } = await dialog.showMessageBox({
        type: 'error',
        title: f.title,
        message: f.message,
        detail: f.detail,
        buttons: ['Quit', `Use port ${f.offerPort}`],
        defaultId: 0,
        cancelId: 0,
      });
      if (response === 1) {
        prefs.update({ hubPort: f.offerPort });
        app.relaunch();
        app.exit(0);
      }
    }
    app.exit(1);
    throw e;
  }
}

async function start(prefs: PreferenceStore): Promise<AppHub> {
  const p = prefs.get();
  if (p.mode === 'client' && p.clientHub) {
    const { url, token } = resolveHub(p.clientHub);
    return {
      url,
      token: token ?? '',
      username: prefs.get().clientUser ?? '',
      runsHub: false,
      lanAddress: url,
      prefs,
      stop: async () => {},
      togglePause: async () => false,
    };
  }
  let running = await startHubChild(() => forkHub(prefs));
  let paused = false;
  const hub: AppHub = {
    url: running.url,
    token: running.token,
    username: running.username,
    runsHub: true,
    lanAddress: running.lan[0] ?? null,
    prefs,
    stop: () => running.stop(),
    async togglePause() {
      if (!paused) {
        await running.stop();
        paused = true;
      } else {
        running = await startHubChild(() => forkHub(prefs));
        // A restarted hub issues a new session; its port stays when AUXIN_PORT fixes it.
        Object.assign(hub, { url: running.url, token: running.token });
        paused = false;
      }
      return paused;
    },
  };
  return hub;
}
