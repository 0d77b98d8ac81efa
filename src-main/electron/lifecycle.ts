/**
 * Quitting and closing, as Electron documents them: closing the last window keeps the app in the
 * menubar (without a `window-all-closed` listener Electron would quit); a quit first stops the
 * hub (finishing or abandoning in-flight writes as `auxin hub` does on SIGTERM), then quits again.
 */
import { app } from 'electron';
import type { AppHub } from './hub.js';
import { openWindow } from './window.js';

export function setupLifecycle(hub: AppHub, onStop: () => void = () => {}): void {
  app.on('window-all-closed', () => {
    // Stay in the menubar: the hub keeps serving the studio.
  });
  app.on('second-instance', () => openWindow(hub.url));
  app.on('activate', () => openWindow(hub.url));
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
    hub
      .stop()
      .catch((e: unknown) => process.stderr.write(`auxin: hub stop failed: ${String(e)}\n`))
      .finally(() => {
        state = 'stopped';
        app.quit();
      });
  });
}
