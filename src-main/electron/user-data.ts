/**
 * Chromium's own files (caches, local storage, the single-instance lock) go to `Auxin Hub
 * Desktop/` beside the hub's data, never into it: Electron's default user-data folder is the
 * hub's default data folder. Must run before `ready` and before the single-instance lock.
 */
import { app } from 'electron';
import * as path from 'node:path';

export function setupUserData(): void {
  app.setPath('userData', path.join(app.getPath('appData'), 'Auxin Hub Desktop'));
}
