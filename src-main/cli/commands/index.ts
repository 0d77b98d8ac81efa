import type { CommandRun, CommandSpec } from '../command.js';

// Only names, usages and summaries live here; each command's code (and its heavy imports:
// koa, zod, pino, ioredis, chokidar, the store...) is imported when that command runs.
const run = (m: { run: CommandRun }) => m.run;

/** Every sub-command, in the order `auxin help` lists them. Each lives in its own file. */
export const commands: CommandSpec[] = [
  {
    name: 'init',
    usage: 'init [DIR] [--bare]',
    summary: 'start versioning a folder or Logic bundle (the current folder by default)',
    load: () => import('./init.js').then(run),
  },
  {
    name: 'status',
    usage: 'status [--json]',
    summary: 'where the store is, the current version and what changed since',
    load: () => import('./status.js').then(run),
  },
  {
    name: 'commit',
    usage: 'commit -m MSG [--author NAME]',
    summary: 'record the working folder as a new version',
    load: () => import('./commit.js').then(run),
  },
  {
    name: 'log',
    usage: 'log [REV] [--json] [-n N]',
    summary: 'the versions, newest first',
    load: () => import('./log.js').then(run),
  },
  {
    name: 'show',
    usage: 'show REV [--json]',
    summary: 'one version: its files, sizes and metadata',
    load: () => import('./show.js').then(run),
  },
  {
    name: 'diff',
    usage: 'diff REV1 REV2 [--json]',
    summary: 'files added, removed and changed between two versions',
    load: () => import('./diff.js').then(run),
  },
  {
    name: 'checkout',
    usage: 'checkout REV|BRANCH [--force]',
    summary: 'restore the working folder to a version (refuses to lose changes without --force)',
    load: () => import('./checkout.js').then(run),
  },
  {
    name: 'branch',
    usage: 'branch [NAME [REV]] [--delete NAME]',
    summary: 'list branches, or create one at the current version',
    load: () => import('./branch.js').then(run),
  },
  {
    name: 'fsck',
    usage: 'fsck [--json]',
    summary: 'verify every object and chunk; name the files damage touches',
    load: () => import('./fsck.js').then(run),
  },
  {
    name: 'gc',
    usage: 'gc [--grace SECONDS]',
    summary: 'remove chunks and objects no branch reaches',
    load: () => import('./gc.js').then(run),
  },
  {
    name: 'stats',
    usage: 'stats [--json]',
    summary: 'logical bytes, stored bytes and the deduplication ratio',
    load: () => import('./stats.js').then(run),
  },
  {
    name: 'meta',
    usage: 'meta PATH [--json]',
    summary: 'Show the tempo, key, time signature, tracks and audio files of a Logic project',
    load: () => import('./meta.js').then(run),
  },
  {
    name: 'watch',
    usage: 'watch [DIR...] [--json] [--quiet-ms N]',
    summary:
      'Print an event each time Logic saves a project under DIR (default ~/Music/Logic on macOS)',
    load: () => import('./watch.js').then(run),
  },
  {
    name: 'hub',
    usage:
      'hub [--data DIR] [--port N] [--host H] [--config FILE] [--watch DIR]... [--tls] [--tls-cert FILE --tls-key FILE] | hub reset-admin --data DIR',
    summary: 'run the Auxin Hub server in this process (reset-admin: replace a lost admin token)',
    load: () => import('./hub.js').then(run),
  },
  {
    name: 'login',
    usage: 'login URL [--token T | --user NAME] [--fingerprint FP] [--json]',
    summary:
      'sign in to a hub and save the token in ~/.auxin/credentials.json (https: pin its certificate)',
    load: () => import('./login.js').then(run),
  },
  {
    name: 'user',
    usage:
      'user add NAME --role ROLE [--password-stdin] | user list | user passwd [NAME] (each [--hub URL] [--json])',
    summary:
      'create an account on the hub (needs an admin token), list them, or set a password for `login --user`',
    load: () => import('./user.js').then(run),
  },
  {
    name: 'token',
    usage:
      'token list | token issue [--label T] | token revoke ID (each [--user NAME] [--hub URL] [--json])',
    summary: "list, issue or revoke an account's tokens on the hub (revoking is immediate)",
    load: () => import('./token.js').then(run),
  },
  {
    name: 'remote',
    usage: 'remote [-v] [--json] | remote add NAME URL | remote remove NAME',
    summary: 'list, add or remove the hubs this project syncs with',
    load: () => import('./remote.js').then(run),
  },
  {
    name: 'push',
    usage: 'push [REMOTE] [BRANCH] [--as-branch NAME] [--force] [--release] [--json]',
    summary: 'send your versions of a branch to the hub',
    load: () => import('./push.js').then(run),
  },
  {
    name: 'pull',
    usage: 'pull [REMOTE] [BRANCH] [--keep-mine | --keep-theirs] [--json]',
    summary: "bring the hub's new versions of a branch into this project",
    load: () => import('./pull.js').then(run),
  },
  {
    name: 'clone',
    usage: 'clone URL [DIR] [--json]',
    summary: 'copy a project from the hub (URL = http://host:port/namespace/name)',
    load: () => import('./clone.js').then(run),
  },
  {
    name: 'lock',
    usage:
      'lock acquire|release|status|heartbeat|force-release|keep [--remote NAME | --url URL] [--ttl 4h] [--interval D] [--reason TEXT] [--json]',
    summary: "take, renew, release or inspect the project's lock on the hub",
    load: () => import('./lock.js').then(run),
  },
];

/** A command's usage line, for its own error messages. */
export function usageOf(name: string): string {
  const spec = commands.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name} in the table`);
  return spec.usage;
}
