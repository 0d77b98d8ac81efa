/**
 * Quitting and closing, as Electron documents them: closing the last window keeps the app in the
 * menubar (without a `window-all-closed` listener Electron would quit); a quit first stops the
 * hub (finishing or abandoning in-flight writes as `auxin hub` does on SIGTERM), then quits again.
 */
import { app } from 'electron';
import type { AppHub } from './hub.js';
import { openWindow } from './window.js';

export function setupLifecycle(starting: Promise<AppHub>, onStop: () => void = () => {}): void {
  let hub: AppHub | null = null;
  void starting.then(
    (h) => (hub = h),
    () => {},
  );
  app.on('window-all-closed', () => {
    // Stay in the menubar: the hub keeps serving the studio.
  });
  app.on('second-instance', () => hub && openWindow(hub.url));
  app.on('activate', () => hub && openWindow(hub.url));
  // A terminal's Ctrl-C or a system shutdown's SIGTERM quits the same clean way.
  process.once('SIGINT', () => app.quit());
  process.once('SIGTERM', () => app.quit());
  let state: 'running' | 'stopping' | 'stopped' = 'running';
  app.on('will-quit', (event) => {
    if (state === 'stopped') return;
    event.preventDefault();
    if (state === 'stopping') return;
    state = 'stopping';
    onStop();
    // A quit while the hub still starts waits for it, then stops it.
    starting
      .then((h) => h.stop())
      .catch((e: unknown) => process.stderr.write(`auxin: hub stop failed: ${String(e)}\n`))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}

/**
 * Quit and start again in the mode the preferences now name. Deferred a moment: the IPC call
 * that asked for it answers the page first (a quit closes the window, and its answer with it).
 */
export function relaunchSoon(): void {
  setTimeout(() => {
    app.relaunch();
    app.quit();
  }, 100);
}
