/**
 * The real app, when an Electron binary is present (a Mac after `npm start` fetched it): starts
 * it against a fresh data folder, waits for its hub to answer, and quits it. On machines where the
 * binary cannot be downloaded (these build machines), the test is skipped and says so.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';

function electronBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    const bin = path.join(dir, 'dist', rel);
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (!bin) {
  console.log(
    'desktop smoke test skipped: no Electron binary (node_modules/electron/path.txt); `npm start` fetches it where its host is reachable',
  );
}

describe.skipIf(!bin)('the real Electron app (smoke)', () => {
  it('starts with its hub and quits cleanly', async () => {
    const t = tempDir('auxin-electron-smoke-');
    const args = process.platform === 'linux' ? ['--no-sandbox', '.'] : ['.'];
    const child = spawn(bin!, args, {
      cwd: repoRoot,
      env: {
        ...process.env,
        AUXIN_DATA_DIR: path.join(t.dir, 'data'),
        AUXIN_PORT: '0',
        AUXIN_HOST: '127.0.0.1',
        AUXIN_BONJOUR: '0',
        AUXIN_LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no hub line: ${out}`)), 45_000);
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /hub at (http:\/\/\S+)/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`Electron exited (${code}): ${out}`)));
      });
      expect((await fetch(`${url}/health`)).status).toBe(200);
      const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
      child.kill('SIGTERM');
      await exited;
      await expect(fetch(`${url}/health`)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
      t.cleanup();
    }
  }, 90_000);
});
