/**
 * Electron's security checklist, written out: one instance only, no navigation off the app's
 * origin, no new windows (http(s) links go to the default browser), no webviews, every
 * permission refused. The rules themselves are pure functions in src-main/desktop/security.ts.
 */
import { app, session, shell } from 'electron';
import { externalUrl, isAllowedNavigation } from '../desktop/security.js';
import { currentOrigin } from './window.js';

/** Returns false when another instance runs: this one focuses it and quits. */
export function setupSecurity(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAllowedNavigation(url, currentOrigin())) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAllowedNavigation(url, currentOrigin())) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrl(url);
      if (external) void shell.openExternal(external);
      return { action: 'deny' };
    });
  });
  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
      callback(false),
    );
    session.defaultSession.setPermissionCheckHandler(() => false);
  });
  return true;
}
