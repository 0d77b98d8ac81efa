/**
 * The window's IPC: exactly the channels of the registry (src-main/desktop/ipc.ts), each behind
 * `guard`, which refuses a sender that is not the app's own top frame and arguments that do not
 * match the channel's schema.
 */
import { clipboard, ipcMain } from 'electron';
import { saveCredential } from '../client/credentials.js';
import { bonjourBrowser } from '../desktop/bonjour.js';
import type { DesktopApp } from '../desktop/desktop-app.js';
import { HubDirectory } from '../desktop/discovery.js';
import { signIn } from '../desktop/hub-api.js';
import { connectToHub } from '../desktop/hub-mode.js';
import { forRenderer, guard, ipcChannels, type IpcArgs, type IpcName } from '../desktop/ipc.js';
import type { AppHub } from './hub.js';
import { relaunchSoon } from './lifecycle.js';
import { currentOrigin } from './window.js';

export function setupIpc(hub: AppHub, desktop: DesktopApp): void {
  const handle = <N extends IpcName>(name: N, fn: (...args: IpcArgs<N>) => unknown) =>
    ipcMain.handle(
      ipcChannels[name].channel,
      guard(name, currentOrigin, async (...args: IpcArgs<N>) => {
        try {
          return await fn(...args);
        } catch (e) {
          throw forRenderer(e);
        }
      }),
    );

  // The cookie session of the web UI is not on main yet: the window gets a bearer token, held
  // in memory by the page and revoked by the hub when the app quits.
  handle('getSession', () => ({ url: hub.url, token: hub.token, username: hub.username }));
  handle('lockAndOpen', (p) => desktop.lockAndOpen(p));
  handle('release', (p) => desktop.release(p));
  handle('suggestMessage', (p) => desktop.suggestMessage(p));
  handle('finishSession', (p, { message }) => desktop.finish(p, message));
  handle('copyHubAddress', () => {
    if (hub.lanAddress) clipboard.writeText(hub.lanAddress);
    return hub.lanAddress;
  });
  handle('getPreferences', () => hub.prefs.get());
  handle('setPreferences', (change) => desktop.setPreferences(change));
  handle('discoverHubs', async () => {
    const dir = new HubDirectory(bonjourBrowser());
    dir.start();
    await new Promise((r) => setTimeout(r, 2000));
    const found = dir.list();
    dir.stop();
    return found;
  });
  handle('connectHub', async (a) => {
    const to = await connectToHub(hub.prefs, a, { signIn, saveCredential });
    relaunchSoon();
    return to;
  });
  handle('runOwnHub', () => desktop.runOwnHub());
}
