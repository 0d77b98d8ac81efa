import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { AUXIN_NODE_FLAGS } from '../../src-main/cli/node-flags.js';
import { commands } from '../../src-main/cli/commands/index.js';

// Every `auxin` run pays for what main.ts imports: the tests spawn the CLI hundreds of times
// and people type it all day, so only the chosen command's module may be loaded. tsc's output
// shows that per source module; the bin is its bundle (scripts/bundle-cli.mjs), checked below.
const cli = path.join(repoRoot, 'dist/src-main/cli/main.js');
const bin = path.join(repoRoot, 'dist/cli/auxin.js');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'auxin-startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A module loader hook that records every file the CLI loads.
writeFileSync(
  path.join(tmp, 'hooks.mjs'),
  `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.AUXIN_TEST_LOADED, url + '\\n');
  return next(url, context);
}
`,
);
writeFileSync(
  path.join(tmp, 'register.mjs'),
  `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
);

let runs = 0;
function loadedBy(...args: string[]) {
  return loadedFrom(cli, ...args);
}

function loadedFrom(entry: string, ...args: string[]) {
  const log = path.join(tmp, `loaded-${++runs}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(
    process.execPath,
    ['--import', pathToFileURL(path.join(tmp, 'register.mjs')).href, entry, ...args],
    {
      cwd: tmp,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, AUXIN_TEST_LOADED: log },
    },
  );
  const root = pathToFileURL(repoRoot).href + '/';
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((u) => (u.startsWith(root) ? u.slice(root.length) : u));
  return { r, files };
}

const core = [
  'dist/src-main/cli/main.js',
  'dist/src-main/cli/commands/index.js',
  'dist/src-main/cli/output.js',
  // System errors in words (a few lines, importing only src-shared/errors.js).
  'dist/src-main/core/errno.js',
  'dist/src-shared/errors.js',
];

describe('auxin startup', () => {
  it('the bin runs through its shebang, with the flags every auxin process gets', () => {
    for (const file of [cli, bin]) {
      const first = readFileSync(file, 'utf8').split('\n')[0];
      expect(first).toBe(`#!/usr/bin/env -S node ${AUXIN_NODE_FLAGS.join(' ')}`);
    }
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(pkg.bin.auxin).toBe('dist/cli/auxin.js');
    expect(pkg.scripts.hub).toBe(`node ${AUXIN_NODE_FLAGS.join(' ')} dist/cli/auxin.js hub`);
    // Executed directly, as the installed `auxin` command is: env finds node on the PATH.
    const dir = path.dirname(process.execPath);
    const r = spawnSync(bin, ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}${path.delimiter}${process.env.PATH ?? ''}` },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\d+\.\d+\.\d+/);
  });

  it('--version loads only main, the command table, output and errors', () => {
    const { r, files } = loadedBy('--version');
    expect(r.stdout).toBe('auxin 0.1.0\n');
    expect(files.sort()).toEqual([...core].sort());
  });

  it('help lists every command without loading any of them', () => {
    const { r, files } = loadedBy('help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ {2}status \[--json\] +where the store is/m);
    expect(r.stdout).toMatch(/^ {2}lock acquire\|release/m);
    expect(files.sort()).toEqual([...core].sort());
  });

  it('a command loads its own module and none of the others, nor the hub', () => {
    const { r, files } = loadedBy('status');
    expect(r.status).toBe(1); // no store in the temp folder
    expect(r.stderr).toMatch(/^auxin: /);
    const commands = files.filter((f) => f.startsWith('dist/src-main/cli/commands/'));
    expect(commands.sort()).toEqual([
      'dist/src-main/cli/commands/index.js',
      'dist/src-main/cli/commands/status.js',
    ]);
    for (const heavy of ['/koa/', '/ioredis/', '/pino/', '/chokidar/', 'src-main/hub/'])
      expect(files.filter((f) => f.includes(heavy))).toEqual([]);
  });

  it('every command answers --help (and -h, and `help NAME`) with its usage, loading nothing', () => {
    for (const c of commands) {
      // Outside any project and with no hub: help must not need either.
      for (const args of [
        [c.name, '--help'],
        ['help', c.name],
      ]) {
        const { r, files } = loadedBy(...args);
        expect(r.stderr, args.join(' ')).toBe('');
        expect(r.status, args.join(' ')).toBe(0);
        expect(r.stdout).toMatch(new RegExp(`^usage: auxin .*\n\n.*\n\noptions:\n`));
        expect(r.stdout.startsWith(`usage: auxin ${c.usage}\n\n${c.summary}\n`)).toBe(true);
        expect(files.sort()).toEqual([...core].sort());
      }
    }
    expect(loadedBy('push', 'origin', '-h').r.stdout).toMatch(/^usage: auxin push /);
    // After `--` it is an argument like any other: the command runs (and fails outside a store).
    const { r } = loadedBy('commit', '-m', 'x', '--', '--help');
    expect(r.stdout).toBe('');
    expect(r.status).not.toBe(0);
  });
});

describe('the bundled bin', () => {
  const chunkOf = (f: string) => /^dist\/cli\/chunks\/([a-z]+)-[A-Z0-9]+\.js$/.exec(f)?.[1];
  const commandChunks = (files: string[]) =>
    files.map(chunkOf).filter((n): n is string => commands.some((c) => c.name === n));

  it('--version loads a handful of its own files and no command', () => {
    const { r, files } = loadedFrom(bin, '--version');
    expect(r.stdout).toBe('auxin 0.1.0\n');
    expect(files.every((f) => f.startsWith('dist/cli/'))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(6);
    expect(commandChunks(files)).toEqual([]);
  });

  it('a command loads its own chunk, zod from the bundle, and nothing of the hub', () => {
    const { r, files } = loadedFrom(bin, 'push');
    expect(r.status).toBe(1); // no store in the temp folder
    expect(r.stderr).toMatch(/^auxin: /);
    expect(commandChunks(files)).toEqual(['push']);
    // tsc's output loads ~170 files for a push, 95 of them zod's.
    expect(files.filter((f) => !f.startsWith('dist/cli/'))).toEqual([]);
    expect(files.length).toBeLessThan(30);
    for (const heavy of ['/koa/', '/ioredis/', '/pino/', '/chokidar/'])
      expect(files.filter((f) => f.includes(heavy))).toEqual([]);
  });

  it("carries zod's English messages and none of its other locales", () => {
    const dir = path.join(repoRoot, 'dist/cli/chunks');
    const text = readdirSync(dir)
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // esbuild names each bundled module in a comment.
    const locales = [...text.matchAll(/node_modules\/zod\/v4\/locales\/([\w-]+)\.js/g)].map(
      (m) => m[1],
    );
    expect([...new Set(locales)]).toEqual(['en']);
  });

  it('the hub runs from the bundle, serves the web UI and answers in English', async () => {
    const { startHubProcess } = await import('./helpers/hub-process.js');
    const hub = await startHubProcess(path.join(tmp, 'hub'));
    try {
      const page = await fetch(`${hub.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">/);
      // zod's English messages, which the bundle keeps, reach a client.
      const refused = await fetch(`${hub.url}/api/auth/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ana', password: 'x', extra: 1 }),
      });
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({
        code: 'VALIDATION_FAILED',
        error: 'invalid body: Unrecognized key: "extra"',
      });
    } finally {
      await hub.stop();
    }
  });
});
