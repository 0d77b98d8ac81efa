/**
 * Creates the bare store a new repository starts as. A placeholder until the store lands: it
 * only makes the folder; the store branch's `Store.init(dir, {bare: true})` replaces its body.
 */
import * as fsp from 'node:fs/promises';

export type InitStore = (dir: string) => Promise<void>;

export const initBareStore: InitStore = async (dir) => {
  await fsp.mkdir(dir);
};
