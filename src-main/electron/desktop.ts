/** The plain DesktopApp, given an Electron Shell: window, clipboard, dialogs, Dock, login item. */
import { app, BrowserWindow, clipboard, dialog, shell } from 'electron';
import { DesktopApp, type Shell } from '../desktop/desktop-app.js';
import { hubApi, hubClient } from '../desktop/hub-api.js';
import { clientPorts } from '../desktop/lock-open-ports.js';
import { logicDocuments } from '../desktop/logic-documents.js';
import type { AppNotes } from './notifications.js';
import type { AppHub } from './hub.js';
import { relaunchSoon } from './lifecycle.js';
import { setTrayView } from './tray.js';
import { openWindow } from './window.js';

export function setupDesktop(hub: AppHub, notes: AppNotes): DesktopApp {
  const shellPorts: Shell = {
    setTray: setTrayView,
    notes,
    openWindow: (route) => openWindow(hub.url, route),
    copy: (text) => clipboard.writeText(text),
    applyPrefs(p) {
      if (process.platform === 'darwin') {
        if (p.hideDock) app.dock?.hide();
        else void app.dock?.show();
      }
      app.setLoginItemSettings({ openAtLogin: p.openAtLogin });
      const status = (app.getLoginItemSettings() as { status?: string }).status;
      return status ? { loginItemStatus: status } : {};
    },
    alert(title, message) {
      void dialog.showMessageBox({ type: 'warning', title, message: title, detail: message });
    },
    async confirm(title, detail, buttons) {
      const r = await dialog.showMessageBox({
        type: 'question',
        title,
        message: title,
        detail,
        buttons,
        defaultId: 0,
        cancelId: buttons.length - 1,
      });
      return r.response;
    },
    quit: () => app.quit(),
    relaunch: relaunchSoon,
    async togglePause() {
      const paused = await hub.togglePause();
      const client = hubClient(hub.url, hub.token);
      desktop.setPaused(paused, hub, { api: hubApi(client), client });
      if (!paused && BrowserWindow.getAllWindows().length > 0) openWindow(hub.url);
    },
  };
  const client = hubClient(hub.url, hub.token);
  const desktop: DesktopApp = new DesktopApp({
    hub,
    runsHub: hub.runsHub,
    lanAddress: hub.lanAddress,
    prefs: hub.prefs,
    api: hubApi(client),
    client,
    shell: shellPorts,
    logic: logicDocuments(),
    presence: presenceTimings(),
    ports: (d) =>
      clientPorts({
        baseUrl: hub.url,
        token: hub.token,
        author: hub.username,
        bundleOf: (p) => d.bundleOf(p),
        openPath: (bundle) => shell.openPath(bundle),
        onRenewed: (p, lock) => d.policy.myLockRenewed(p, lock.expires_at),
        shouldRenew: (p) => d.shouldRenew(p),
      }),
  });
  notes.onRenew((p) =>
    desktop
      .renew(p)
      .catch((e: unknown) =>
        shellPorts.alert(`Could not renew the lock on ${p.name}`, (e as Error).message),
      ),
  );
  notes.onFinish((p) => void desktop.finishOffered(p));
  return desktop;
}

/** AUXIN_LOGIC_POLL_MS: how often Logic is asked (tests make it short), default 5 s. */
function presenceTimings() {
  const ms = Number(process.env.AUXIN_LOGIC_POLL_MS);
  return Number.isInteger(ms) && ms >= 50 ? { intervalMs: ms } : {};
}
