// A test double of Electron's documented main-process API (the binary cannot be downloaded on
// these machines). It records what the app calls and emulates the semantics the app relies on:
// whenReady, window-all-closed (no listener: quit), before-quit / will-quit with preventDefault,
// utilityProcess over a Node fork, IPC invoke with a chosen sender frame.
import { EventEmitter } from 'node:events';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { record, safe, standin } from './record.mjs';
import { startControl } from './control.mjs';

const appData = process.env.AUXIN_STANDIN_APPDATA ?? path.join(tmpdir(), 'auxin-standin-appdata');
const paths = {
  appData,
  userData: path.join(appData, 'Auxin Hub'),
  temp: tmpdir(),
  home: process.env.HOME ?? tmpdir(),
};

function preventable() {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true;
    },
  };
  return e;
}

class App extends EventEmitter {
  isPackaged = false;
  name = 'Auxin Hub';
  dock = standin(
    { hide: () => record('app.dock.hide'), show: async () => record('app.dock.show') },
    'app.dock',
  );
  loginItem = { openAtLogin: false };
  ready = false;
  quitting = false;
  whenReady() {
    return new Promise((resolve) =>
      setImmediate(() => {
        if (!this.ready) {
          this.ready = true;
          this.emit('ready');
        }
        resolve();
      }),
    );
  }
  isReady() {
    return this.ready;
  }
  requestSingleInstanceLock() {
    record('app.requestSingleInstanceLock');
    return true;
  }
  getPath(name) {
    return paths[name] ?? path.join(appData, name);
  }
  setPath(name, value) {
    record('app.setPath', { name, value });
    paths[name] = value;
  }
  getAppPath() {
    return process.cwd();
  }
  getVersion() {
    return '0.1.0';
  }
  setLoginItemSettings(s) {
    record('app.setLoginItemSettings', { settings: s });
    this.loginItem = { ...s };
  }
  getLoginItemSettings() {
    return {
      openAtLogin: this.loginItem.openAtLogin,
      status:
        process.env.AUXIN_STANDIN_LOGIN_STATUS ??
        (this.loginItem.openAtLogin ? 'enabled' : 'not-registered'),
    };
  }
  relaunch() {
    record('app.relaunch');
  }
  exit(code = 0) {
    record('app.exit', { code });
    process.exit(code);
  }
  quit() {
    record('app.quit');
    if (this.quitting) return;
    const before = preventable();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const w of [...windows]) w.destroy();
    const will = preventable();
    this.emit('will-quit', will);
    this.quitting = false;
    if (will.defaultPrevented) return record('app.quit-prevented');
    this.emit('quit', preventable(), 0);
    record('app.exited');
    process.exit(0);
  }
}
export const app = standin(new App(), 'app');

const windows = [];
let windowIds = 0;

class WebContents extends EventEmitter {
  url = '';
  openHandler = null;
  session = defaultSessionObj();
  setWindowOpenHandler(fn) {
    this.openHandler = fn;
    record('webContents.setWindowOpenHandler');
  }
  loadURL(url) {
    this.url = url;
    record('BrowserWindow.loadURL', { url });
    return Promise.resolve();
  }
  getURL() {
    return this.url;
  }
  send(channel, ...args) {
    record('webContents.send', { channel, args: safe(args) });
  }
  isDestroyed() {
    return false;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options = {}) {
    super();
    this.id = ++windowIds;
    this.options = options;
    this.destroyed = false;
    this.webContents = standin(new WebContents(), 'webContents');
    windows.push(this);
    record('BrowserWindow.new', {
      id: this.id,
      webPreferences: safe(options.webPreferences ?? {}),
    });
    app.emit('web-contents-created', preventable(), this.webContents);
    return standin(this, 'BrowserWindow');
  }
  static getAllWindows() {
    return [...windows];
  }
  loadURL(url) {
    return this.webContents.loadURL(url);
  }
  show() {
    record('BrowserWindow.show', { id: this.id });
  }
  focus() {
    record('BrowserWindow.focus', { id: this.id });
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    const e = preventable();
    this.emit('close', e);
    if (!e.defaultPrevented) this.destroy();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.splice(windows.indexOf(this), 1);
    record('BrowserWindow.closed', { id: this.id });
    this.emit('closed');
    // Electron quits when the last window closes and nobody listens for window-all-closed.
    if (windows.length === 0 && !app.quitting) {
      if (app.listenerCount('window-all-closed') === 0) app.quit();
      else app.emit('window-all-closed');
    }
  }
}

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    record('Tray.new', { image: image?.path ?? null });
    this.image = image;
    this.menu = null;
    trays.push(this);
    return standin(this, 'Tray');
  }
  setImage(image) {
    this.image = image;
    record('Tray.setImage', {
      image: image.path,
      template: image.template,
      missing: image.isEmpty(),
    });
  }
  setToolTip(text) {
    record('Tray.setToolTip', { text });
  }
  setContextMenu(menu) {
    this.menu = menu;
    record('Tray.setContextMenu', { items: menu.describe() });
  }
  destroy() {
    record('Tray.destroy');
  }
}
export const trays = [];

class MenuObject {
  constructor(items) {
    this.items = items;
  }
  describe() {
    const d = (items) =>
      items.map((i) => ({
        label: i.label,
        type: i.type,
        enabled: i.enabled,
        checked: i.checked,
        ...(i.submenu ? { submenu: d(i.submenu.items ?? i.submenu) } : {}),
      }));
    return d(this.items);
  }
}
export const Menu = standin(
  {
    buildFromTemplate(template) {
      const build = (t) =>
        t.map((i) => ({ ...i, submenu: i.submenu ? build(i.submenu) : undefined }));
      return new MenuObject(build(template));
    },
    setApplicationMenu(m) {
      record('Menu.setApplicationMenu', { set: m !== null });
    },
  },
  'Menu',
);

export const notifications = [];
export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options = {}) {
    super();
    this.options = options;
    return standin(this, 'Notification');
  }
  show() {
    notifications.push(this);
    record('Notification.show', {
      index: notifications.length - 1,
      title: this.options.title,
      body: this.options.body,
      silent: this.options.silent,
      actions: safe(this.options.actions ?? []),
    });
  }
  close() {
    record('Notification.close', { title: this.options.title });
    this.emit('close');
  }
}

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

function defaultSessionObj() {
  return standin(
    {
      permissionHandler: null,
      setPermissionRequestHandler(fn) {
        this.permissionHandler = fn;
        record('session.setPermissionRequestHandler');
      },
      setPermissionCheckHandler(fn) {
        this.checkHandler = fn;
        record('session.setPermissionCheckHandler');
      },
    },
    'session',
  );
}
export const session = standin({ defaultSession: defaultSessionObj() }, 'sessionModule');

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
      record('dialog.showMessageBox', { title: options.title, detail: options.detail });
      return { response: 0, checkboxChecked: false };
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
