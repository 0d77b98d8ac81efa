/** Creates the bare store a new repository starts as: `<data>/<ns>/<name>/` in the store layout. */
import { Store } from '../store/index.js';

export type InitStore = (dir: string) => Promise<void>;

export const initBareStore: InitStore = async (dir) => {
  await Store.init(dir, { bare: true });
};
