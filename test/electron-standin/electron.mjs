// A test double of Electron's documented main-process API (the binary cannot be downloaded on
// these machines). It records what the app calls and emulates the semantics the app relies on:
// whenReady, window-all-closed (no listener: quit), before-quit / will-quit with preventDefault,
// utilityProcess over a Node fork, IPC invoke with a chosen sender frame.
import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { record, safe, standin } from './record.mjs';
import { startControl } from './control.mjs';
import { app, windows } from './app.mjs';
import { BrowserWindow, Menu, Notification, Tray, notifications, session, trays } from './ui.mjs';

export { app, BrowserWindow, Menu, Notification, Tray, notifications, session, trays };

export const handlers = new Map();
export const ipcMain = standin(
  Object.assign(new EventEmitter(), {
    handle(channel, fn) {
      handlers.set(channel, fn);
      record('ipcMain.handle', { channel });
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  }),
  'ipcMain',
);

export const shell = standin(
  {
    async openPath(p) {
      record('shell.openPath', { path: p });
      return process.env.AUXIN_STANDIN_OPENPATH_ERROR ?? (existsSync(p) ? '' : 'No such file');
    },
    async openExternal(url) {
      record('shell.openExternal', { url });
    },
    showItemInFolder(p) {
      record('shell.showItemInFolder', { path: p });
    },
  },
  'shell',
);

export const nativeImage = standin(
  {
    createFromPath(p) {
      return standin(
        {
          path: p,
          template: false,
          setTemplateImage(v) {
            this.template = v;
          },
          isTemplateImage() {
            return this.template;
          },
          isEmpty() {
            return !existsSync(p);
          },
        },
        'NativeImage',
      );
    },
    createEmpty() {
      return { path: null, template: false, setTemplateImage() {}, isEmpty: () => true };
    },
  },
  'nativeImage',
);

export const clipboard = standin(
  {
    writeText(text) {
      record('clipboard.writeText', { text });
    },
  },
  'clipboard',
);

export const dialog = standin(
  {
    async showMessageBox(options) {
      record('dialog.showMessageBox', {
        title: options.title,
        message: options.message,
        detail: options.detail,
        buttons: options.buttons ?? [],
      });
      // The button a test wants "clicked" (default: the first, as Return would on a Mac).
      const response = Number(process.env.AUXIN_STANDIN_DIALOG_RESPONSE ?? 0);
      return { response, checkboxChecked: false };
    },
    showErrorBox(title, content) {
      record('dialog.showErrorBox', { title, content });
    },
  },
  'dialog',
);

// Electron's utilityProcess is a Node child with a message port; a Node fork is the same here.
export const utilityProcess = standin(
  {
    fork(modulePath, args = [], options = {}) {
      record('utilityProcess.fork', {
        modulePath,
        serviceName: options.serviceName,
        execArgv: options.execArgv ?? [],
      });
      const child = fork(modulePath, args, {
        env: options.env ?? process.env,
        // As in Electron, the parent's own flags (here the stand-in's --import) are not inherited.
        execArgv: options.execArgv ?? [],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      const up = new EventEmitter();
      up.pid = child.pid;
      up.postMessage = (m) => child.connected && child.send(m);
      up.kill = () => child.kill('SIGKILL');
      child.on('message', (m) => up.emit('message', m));
      child.on('exit', (code, signal) => {
        record('utilityProcess.exit', { code, signal });
        up.emit('exit', code ?? 1);
      });
      return up;
    },
  },
  'utilityProcess',
);

export const exposed = {};
export const contextBridge = standin(
  {
    exposeInMainWorld(key, api) {
      exposed[key] = api;
      record('contextBridge.exposeInMainWorld', { key, functions: Object.keys(api) });
    },
  },
  'contextBridge',
);

export const ipcRenderer = standin(
  {
    invoke(channel, ...args) {
      record('ipcRenderer.invoke', { channel, args: safe(args) });
      return Promise.resolve({ channel, args });
    },
  },
  'ipcRenderer',
);

export const powerMonitor = standin(new EventEmitter(), 'powerMonitor');
export const screen = standin({}, 'screen');

startControl({ app, windows, trays, notifications, handlers, session });

export default {
  app,
  BrowserWindow,
  Tray,
  Menu,
  Notification,
  ipcMain,
  ipcRenderer,
  shell,
  session,
  nativeImage,
  clipboard,
  dialog,
  utilityProcess,
  contextBridge,
  powerMonitor,
  screen,
};
