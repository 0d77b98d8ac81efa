/**
 * The window's preload, plain CommonJS because a sandboxed preload may require only 'electron':
 * one function per desktop operation, never ipcRenderer itself. The channel names are those of
 * src-main/desktop/ipc.ts (test/unit/desktop-preload.test.ts checks they agree).
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS: see above
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const call =
  (channel: string) =>
  (...args: unknown[]): Promise<unknown> =>
    ipcRenderer.invoke(channel, ...args);

contextBridge.exposeInMainWorld('auxin', {
  getSession: call('auxin:get-session'),
  lockAndOpen: call('auxin:lock-and-open'),
  release: call('auxin:release'),
  suggestMessage: call('auxin:suggest-message'),
  finishSession: call('auxin:finish-session'),
  copyHubAddress: call('auxin:copy-hub-address'),
  getPreferences: call('auxin:get-preferences'),
  setPreferences: call('auxin:set-preferences'),
  discoverHubs: call('auxin:discover-hubs'),
  connectHub: call('auxin:connect-hub'),
  runOwnHub: call('auxin:run-own-hub'),
});
