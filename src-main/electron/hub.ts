/**
 * The hub the app works with: its own, in a utilityProcess (docs/architecture.md says why), or,
 * in client mode, the hub this Mac signed in to. Both give a URL and a session.
 */
import { app, dialog, utilityProcess } from 'electron';
import * as path from 'node:path';
import { AUXIN_NODE_FLAGS } from '../cli/node-flags.js';
import { resolveHub } from '../client/credentials.js';
import { startHubChild, type ChildLike } from '../desktop/hub-link.js';
import { PreferenceStore } from '../desktop/preferences.js';
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

function forkHub(): ChildLike {
  return utilityProcess.fork(hubChildPath, [], {
    serviceName: 'Auxin Hub',
    stdio: 'inherit',
    // The flags every hub process runs with (src-main/cli/node-flags.ts).
    execArgv: [...AUXIN_NODE_FLAGS],
  }) as unknown as ChildLike;
}

/** The app's hub; when it cannot start (a port taken, a bad setting), says why and quits. */
export async function startHub(): Promise<AppHub> {
  try {
    return await start();
  } catch (e) {
    dialog.showErrorBox('Auxin Hub could not start', (e as Error).message);
    app.exit(1);
    throw e;
  }
}

async function start(): Promise<AppHub> {
  const prefs = new PreferenceStore(path.join(app.getPath('userData'), 'preferences.json'));
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
  let running = await startHubChild(forkHub);
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
        running = await startHubChild(forkHub);
        // A restarted hub issues a new session; its port stays when AUXIN_PORT fixes it.
        Object.assign(hub, { url: running.url, token: running.token });
        paused = false;
      }
      return paused;
    },
  };
  return hub;
}
