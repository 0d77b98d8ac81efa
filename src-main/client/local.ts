/** The local store as the sync client sees it: the sync operations plus the working folder. */
import type { SyncStore } from '../sync/store-port.js';

export interface LocalStore extends SyncStore {
  readonly workDir: string | null;
  head(): { branch: string | null; commit: string | null };
  status(): Promise<{ added: string[]; modified: string[]; removed: string[] }>;
  checkout(rev: string, opts?: { force?: boolean }): Promise<unknown>;
}

interface StoreModule {
  Store: {
    init(dir: string, opts?: { bare?: boolean }): Promise<LocalStore>;
    open(root: string): LocalStore;
    discover(fromDir: string): { store: LocalStore; workDir: string | null };
  };
}

async function storeModule(): Promise<StoreModule> {
  const spec = '../store/store.js';
  return (await import(spec)) as StoreModule;
}

export async function discoverStore(fromDir: string): Promise<LocalStore> {
  return (await storeModule()).Store.discover(fromDir).store;
}

export async function initStore(dir: string): Promise<LocalStore> {
  return (await storeModule()).Store.init(dir);
}
