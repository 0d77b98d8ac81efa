/**
 * The desktop app's main process, as a table of contents: each step is one small module of this
 * folder, the only place that imports Electron. The logic lives in src-main/desktop/ and runs in
 * plain Node; under the test stand-in (test/electron-standin/) this very file runs with Node.
 */
import { app } from 'electron';
import { setupUserData } from './user-data.js';
import { setupSecurity } from './security.js';
import { startHub } from './hub.js';
import { setupDesktop } from './desktop.js';
import { setupTray } from './tray.js';
import { setupNotifications } from './notifications.js';
import { setupIpc } from './ipc.js';
import { setupLifecycle } from './lifecycle.js';
import { openWindow } from './window.js';
import type { DesktopApp } from '../desktop/desktop-app.js';

setupUserData();
if (setupSecurity()) {
  await app.whenReady();
  const starting = startHub();
  let desktop: DesktopApp | null = null;
  setupLifecycle(starting, () => desktop?.stop());
  const hub = await starting;
  const notes = setupNotifications(hub);
  desktop = setupDesktop(hub, notes);
  setupTray(desktop);
  setupIpc(hub, desktop);
  desktop.start();
  openWindow(hub.url);
  // One line for whoever started the app from a terminal (and the smoke test).
  process.stdout.write(`Auxin Hub desktop app: hub at ${hub.url}\n`);
}
