/** The one window: the hub's web UI, with Electron's defaults on and written out. */
import { BrowserWindow } from 'electron';
import { preloadPath } from './paths.js';

let win: BrowserWindow | null = null;
let origin = 'http://127.0.0.1';

/** The origin the window's page lives on (the IPC and navigation rules compare against it). */
export function currentOrigin(): string {
  return origin;
}

/** Open the window on `url` (a path or `#hash` of the UI when given), or bring the open one forward. */
export function openWindow(url: string, route?: string): BrowserWindow {
  const moved = new URL(url).origin !== origin;
  origin = new URL(url).origin;
  // The page routes by path (`/projects/{ns}/{name}`, which the hub answers with the page) and
  // shows its connect screen for `#/connect`: a route is resolved against the hub's URL as given.
  const target = route ? new URL(route, url).href : url;
  if (win && !win.isDestroyed()) {
    // A resumed hub may listen on another port: the page follows it.
    if (route || moved) void win.loadURL(target);
    win.show();
    win.focus();
    return win;
  }
  win = new BrowserWindow({
    width: 1100,
    height: 720,
    title: 'Auxin',
    show: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    },
  });
  win.on('closed', () => {
    win = null;
  });
  void win.loadURL(target);
  return win;
}
