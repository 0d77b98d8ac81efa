// `npm start`: build, make sure the Electron binary is present, then open the desktop app.
// The binary is never fetched by `npm install` (its install script is not approved), so a
// machine that cannot download it still installs; here we fetch it on first start instead.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    cwd: root,
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const electronDir = path.dirname(require.resolve('electron/package.json'));
if (!existsSync(path.join(electronDir, 'path.txt'))) {
  console.log(
    'Electron binary not found: downloading it once (node_modules/electron/install.js)...',
  );
  const r = spawnSync(process.execPath, [path.join(electronDir, 'install.js')], {
    stdio: 'inherit',
  });
  if (r.status !== 0 || !existsSync(path.join(electronDir, 'path.txt'))) {
    console.error(
      'Could not download the Electron binary (no network to its release host?).\n' +
        'The hub itself still runs without it: `npx auxin hub`.',
    );
    process.exit(1);
  }
}

run('npm', ['run', 'build']);
run('npm', ['run', 'build:renderer']);
const electronPath = require('electron');
const child = spawn(electronPath, ['.'], { stdio: 'inherit', cwd: root });
child.on('exit', (code) => process.exit(code ?? 0));
