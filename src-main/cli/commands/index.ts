import type { Command } from '../command.js';
import { cloneCommand } from './clone.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { remoteCommand } from './remote.js';

/** Every sub-command, in the order `auxin help` lists them. Each lives in its own file. */
export const commands: Command[] = [remoteCommand, pushCommand, pullCommand, cloneCommand];
