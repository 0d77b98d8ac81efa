import type { Command } from '../command.js';
import { cloneCommand } from './clone.js';
import { hubCommand } from './hub.js';
import { loginCommand } from './login.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { remoteCommand } from './remote.js';
import { userCommand } from './user.js';

/** Every sub-command, in the order `auxin help` lists them. Each lives in its own file. */
export const commands: Command[] = [
  hubCommand,
  loginCommand,
  userCommand,
  remoteCommand,
  pushCommand,
  pullCommand,
  cloneCommand,
];
