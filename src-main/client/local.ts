/** The local store as the sync client sees it: the sync operations plus the working folder. */
import { Store } from '../store/store.js';

export type LocalStore = Store;

export function discoverStore(fromDir: string): LocalStore {
  return Store.discover(fromDir).store;
}

export function initStore(dir: string): Promise<LocalStore> {
  return Store.init(dir);
}
