/** Where the shell finds its files: beside the built main (dist/src-main/electron/). */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository's (or the packaged app's) root: dist/src-main/electron/../../.. */
export const appRoot = path.resolve(here, '..', '..', '..');
export const resourcesDir = path.join(appRoot, 'resources');
export const preloadPath = path.join(here, 'preload.cjs');
export const hubChildPath = path.join(here, '..', 'desktop', 'hub-child.js');
