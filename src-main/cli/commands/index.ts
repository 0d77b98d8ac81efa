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
    options: [['--bare', 'a store without a working folder (what a hub keeps)']],
    load: () => import('./init.js').then(run),
  },
  {
    name: 'status',
    usage: 'status [--json]',
    summary: 'where the store is, the current version and what changed since',
    options: [
      [
        '--json',
        "print the status as one JSON object (in a folder of bundles: each bundle's state)",
      ],
    ],
    load: () => import('./status.js').then(run),
  },
  {
    name: 'commit',
    usage: 'commit -m MSG [--author NAME]',
    summary: 'record the working folder as a new version',
    options: [
      ['-m, --message MSG', 'what this version is (required)'],
      [
        '--author NAME',
        'who made it (default: AUXIN_AUTHOR, else the hub account you signed in as, else your login name)',
      ],
    ],
    load: () => import('./commit.js').then(run),
  },
  {
    name: 'log',
    usage: 'log [REV] [--json] [-n N]',
    summary: 'the versions, newest first',
    options: [
      ['-n N', 'show only the N newest versions'],
      ['--json', 'print the versions as JSON'],
    ],
    load: () => import('./log.js').then(run),
  },
  {
    name: 'show',
    usage: 'show REV [--json]',
    summary: 'one version: its files, sizes and metadata',
    options: [['--json', 'print the version, its files and its metadata object as JSON']],
    load: () => import('./show.js').then(run),
  },
  {
    name: 'diff',
    usage: 'diff REV1 REV2 [--json]',
    summary: 'files added, removed and changed between two versions',
    options: [['--json', 'print the difference as JSON (metadata_change and the file lists)']],
    load: () => import('./diff.js').then(run),
  },
  {
    name: 'checkout',
    usage: 'checkout REV|BRANCH [--force]',
    summary: 'restore the working folder to a version (refuses to lose changes without --force)',
    options: [['-f, --force', 'overwrite changes in the working folder instead of refusing']],
    load: () => import('./checkout.js').then(run),
  },
  {
    name: 'branch',
    usage: 'branch [NAME [REV]] [--delete NAME]',
    summary: 'list branches, or create one at the current version',
    options: [['-d, --delete NAME', 'delete the branch NAME (not the current one)']],
    load: () => import('./branch.js').then(run),
  },
  {
    name: 'fsck',
    usage: 'fsck [--json]',
    summary: 'verify every object and chunk; name the files damage touches',
    options: [['--json', 'print the findings as JSON']],
    load: () => import('./fsck.js').then(run),
  },
  {
    name: 'gc',
    usage: 'gc [--grace SECONDS]',
    summary: 'remove chunks and objects no branch reaches',
    options: [
      ['--grace SECONDS', 'keep unreferenced data younger than this (protects pushes in flight)'],
    ],
    load: () => import('./gc.js').then(run),
  },
  {
    name: 'stats',
    usage: 'stats [--json]',
    summary: 'logical bytes, stored bytes and the deduplication ratio',
    options: [['--json', 'print the figures as JSON']],
    load: () => import('./stats.js').then(run),
  },
  {
    name: 'meta',
    usage: 'meta PATH [--json]',
    summary: 'Show the tempo, key, time signature, tracks and audio files of a Logic project',
    options: [['--json', 'print the whole metadata object as JSON']],
    load: () => import('./meta.js').then(run),
  },
  {
    name: 'watch',
    usage: 'watch [DIR...] [--json] [--quiet-ms N]',
    summary:
      'Print an event each time Logic saves a project under DIR (default ~/Music/Logic on macOS)',
    options: [
      ['--json', 'one JSON object per event instead of a line of words'],
      ['--quiet-ms N', 'wait for N ms without writes before reporting a save (10 to 600000)'],
    ],
    load: () => import('./watch.js').then(run),
  },
  {
    name: 'hub',
    usage:
      'hub [--data DIR] [--port N] [--host H] [--config FILE] [--watch DIR]... [--tls] [--tls-cert FILE --tls-key FILE] | hub reset-admin --data DIR',
    summary: 'run the Auxin Hub server in this process (reset-admin: replace a lost admin token)',
    options: [
      ['--data DIR', "the hub's data folder (AUXIN_DATA_DIR)"],
      ['--port N', 'the port to listen on, 0 for any free one (AUXIN_PORT; default 3000)'],
      ['--host H', 'the interface to bind (AUXIN_HOST; default 0.0.0.0, the whole LAN)'],
      ['--config FILE', 'a JSON config file (default <data>/config.json)'],
      ['--watch DIR', 'a Logic library folder to watch (repeatable; AUXIN_WATCH)'],
      [
        '--tls',
        'serve HTTPS with the self-signed certificate kept in the data folder (AUXIN_TLS=1); its fingerprint is printed at start',
      ],
      [
        '--tls-cert FILE',
        'serve HTTPS with this certificate (PEM) instead (AUXIN_TLS_CERT); needs --tls-key',
      ],
      ['--tls-key FILE', 'the private key (PEM) of --tls-cert (AUXIN_TLS_KEY)'],
    ],
    load: () => import('./hub.js').then(run),
  },
  {
    name: 'login',
    usage: 'login URL [--token T | --user NAME] [--fingerprint FP] [--json]',
    summary:
      'sign in to a hub and save the token in ~/.auxin/credentials.json (https: pin its certificate)',
    options: [
      [
        '--token T',
        'sign in with this token (default: AUXIN_TOKEN, else the one saved for this hub)',
      ],
      [
        '--user NAME',
        "sign in with NAME's password (asked for on a terminal, or the first line of stdin)",
      ],
      [
        '--fingerprint FP',
        'for an https:// hub: trust the certificate with this SHA-256 fingerprint (the one the hub prints at start) without asking; also how a changed certificate is trusted again',
      ],
      ['--json', 'print the result as JSON'],
    ],
    load: () => import('./login.js').then(run),
  },
  {
    name: 'user',
    usage:
      'user add NAME --role ROLE [--password-stdin] | user list | user passwd [NAME] (each [--hub URL] [--json])',
    summary:
      'create an account on the hub (needs an admin token), list them, or set a password for `login --user`',
    options: [
      ['--role ROLE', 'admin, producer or client (user add)'],
      [
        '--password-stdin',
        "read the new account's password from the first line of stdin (user add)",
      ],
      ['--hub URL', 'the hub (default: the one you last signed in to)'],
      ['--json', 'print the result as JSON'],
    ],
    load: () => import('./user.js').then(run),
  },
  {
    name: 'token',
    usage:
      'token list | token issue [--label T] | token revoke ID (each [--user NAME] [--hub URL] [--json])',
    summary: "list, issue or revoke an account's tokens on the hub (revoking is immediate)",
    options: [
      ['--label T', 'a label for the issued token, shown by token list'],
      ['--user NAME', "another account's tokens (needs an admin token)"],
      ['--hub URL', 'the hub (default: the one you last signed in to)'],
      ['--json', 'print the result as JSON'],
    ],
    load: () => import('./token.js').then(run),
  },
  {
    name: 'remote',
    usage: 'remote [-v] [--json] | remote add NAME URL | remote remove NAME',
    summary: 'list, add or remove the hubs this project syncs with',
    options: [
      ['-v, --verbose', "show each remote's URL"],
      ['--json', 'print the remotes as JSON'],
    ],
    load: () => import('./remote.js').then(run),
  },
  {
    name: 'push',
    usage: 'push [REMOTE] [BRANCH] [--as-branch NAME] [--force] [--release] [--json]',
    summary: 'send your versions of a branch to the hub',
    options: [
      [
        '--as-branch NAME',
        'send your versions to a new branch NAME on the hub instead (never forces)',
      ],
      [
        '--force',
        "replace the hub's branch even if it has versions you do not (the repository's owner or an admin)",
      ],
      ['--release', 'release your lock on the project once the push has landed'],
      ['--json', 'print what was sent as JSON'],
    ],
    load: () => import('./push.js').then(run),
  },
  {
    name: 'pull',
    usage: 'pull [REMOTE] [BRANCH] [--keep-mine | --keep-theirs] [--json]',
    summary: "bring the hub's new versions of a branch into this project",
    options: [
      ['--keep-mine', 'histories diverged: make a version over both whose content is yours'],
      [
        '--keep-theirs',
        "histories diverged: take the hub's, keep yours on a branch main-<you>-<date> (pushed too)",
      ],
      ['--json', 'print what was received as JSON'],
    ],
    load: () => import('./pull.js').then(run),
  },
  {
    name: 'clone',
    usage: 'clone URL [DIR] [--json]',
    summary: 'copy a project from the hub (URL = http://host:port/namespace/name)',
    options: [['--json', 'print what was received as JSON']],
    load: () => import('./clone.js').then(run),
  },
  {
    name: 'lock',
    usage:
      'lock acquire|release|status|heartbeat|force-release|keep [--remote NAME | --url URL] [--ttl 4h] [--interval D] [--reason TEXT] [--json]',
    summary: "take, renew, release or inspect the project's lock on the hub",
    options: [
      ['--remote NAME', 'the remote whose repository to lock (default origin)'],
      ['--url URL', 'a repository URL instead (no project folder needed)'],
      [
        '--ttl D',
        'how long the lock lasts unless renewed (acquire, heartbeat, keep; e.g. 30m, 4h)',
      ],
      ['--reason TEXT', 'why: shown to teammates (acquire; required by force-release)'],
      ['--interval D', 'how often keep renews the lock (e.g. 1m)'],
      ['--json', 'print the result as JSON'],
    ],
    load: () => import('./lock.js').then(run),
  },
];

/** A command's usage line, for its own error messages. */
export function usageOf(name: string): string {
  const spec = commands.find((c) => c.name === name);
  if (!spec) throw new Error(`no command ${name} in the table`);
  return spec.usage;
}
