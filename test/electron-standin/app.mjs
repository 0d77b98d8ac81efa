// The stand-in's `app`: paths, login item, Dock, and the quit sequence Electron documents
// (before-quit, windows closed, will-quit, quit; each `preventDefault` honoured).
import { EventEmitter } from 'node:events';
import * as path from 'node:path';
import { tmpdir } from 'node:os';
import { record, standin } from './record.mjs';

const appData = process.env.AUXIN_STANDIN_APPDATA ?? path.join(tmpdir(), 'auxin-standin-appdata');
const paths = {
  appData,
  userData: path.join(appData, 'Auxin Hub'),
  temp: tmpdir(),
  home: process.env.HOME ?? tmpdir(),
};

export function preventable() {
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

export const windows = [];
