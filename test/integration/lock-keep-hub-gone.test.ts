/** `auxin lock keep` interrupted while its hub is down must not claim it released the lock. */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';

const ADMIN = 'keep-admin-token-0123456789abcdef';
let hub: HubProcess | undefined;
let dirs: string[] = [];
afterEach(async () => {
  await hub?.stop('SIGKILL');
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('auxin lock keep', () => {
  it('says the release failed, and exits non-zero, when the hub is gone at Ctrl-C', async () => {
    const data = tempDir('auxin-keep-data-').dir;
    const home = tempDir('auxin-keep-home-').dir;
    dirs.push(data, home);
    hub = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: ADMIN } });
    const res = await fetch(`${hub.url}/api/repos/studio/Song`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(201);
    const child = spawn(
      process.execPath,
      [CLI, 'lock', 'keep', '--url', `${hub.url}/studio/Song`, '--ttl', '1h', '--json'],
      {
        env: { ...process.env, HOME: home, AUXIN_TOKEN: ADMIN, AUXIN_MACHINE_ID: 'studio' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((r) => child.once('close', r));
    const end = Date.now() + 10_000;
    while (!out.includes('"acquired"') && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(out).toContain('"acquired"');
    await hub.stop('SIGKILL');
    child.kill('SIGINT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(killer);
    expect(out).not.toContain('"released"');
    expect(err).toContain('could not release the lock on Song');
    expect(code).not.toBe(0);
  }, 45_000);
});
