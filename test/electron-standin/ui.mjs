// The stand-in's windows, tray, menus, notifications and sessions.
import { EventEmitter } from 'node:events';
import { app, preventable, windows } from './app.mjs';
import { record, safe, standin } from './record.mjs';

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

export function defaultSessionObj() {
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
