/** Creates the bare store a new repository starts as. */
import { Store } from '../store/store.js';

export type InitStore = (dir: string) => Promise<void>;

export const initBareStore: InitStore = async (dir) => {
  await Store.init(dir, { bare: true });
};
