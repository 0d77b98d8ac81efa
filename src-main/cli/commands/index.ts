import type { Command } from '../command.js';
import { metaCommand } from './meta.js';
import { watchCommand } from './watch.js';

/** Every sub-command, in the order `auxin help` lists them. Each lives in its own file. */
export const commands: Command[] = [metaCommand, watchCommand];
