import type { Command } from '../command.js';
import { branchCommand } from './branch.js';
import { checkoutCommand } from './checkout.js';
import { cloneCommand } from './clone.js';
import { commitCommand } from './commit.js';
import { diffCommand } from './diff.js';
import { fsckCommand } from './fsck.js';
import { gcCommand } from './gc.js';
import { hubCommand } from './hub.js';
import { initCommand } from './init.js';
import { lockCommand } from './lock.js';
import { logCommand } from './log.js';
import { loginCommand } from './login.js';
import { metaCommand } from './meta.js';
import { pullCommand } from './pull.js';
import { pushCommand } from './push.js';
import { remoteCommand } from './remote.js';
import { showCommand } from './show.js';
import { statsCommand } from './stats.js';
import { statusCommand } from './status.js';
import { userCommand } from './user.js';
import { watchCommand } from './watch.js';

/** Every sub-command, in the order `auxin help` lists them. Each lives in its own file. */
export const commands: Command[] = [
  initCommand,
  statusCommand,
  commitCommand,
  logCommand,
  showCommand,
  diffCommand,
  checkoutCommand,
  branchCommand,
  fsckCommand,
  gcCommand,
  statsCommand,
  metaCommand,
  watchCommand,
  hubCommand,
  loginCommand,
  userCommand,
  remoteCommand,
  pushCommand,
  pullCommand,
  cloneCommand,
  lockCommand,
];
