/**
 * A hub that stops answering half-way through a push (SIGSTOP: the sockets stay open, nothing
 * moves) must not hold the client for longer than the documented ~30 s, whatever retries are
 * nested in which (an upload unit's retry asks `chunks/missing` with a retry loop of its own).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { CLI, ok } from '../helpers/cli.js';
import { startProxy, until, type Proxy } from './helpers/proxy.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';

const ADMIN = 'deadline-test-admin-token-012345';
const MiB = 1024 * 1024;

describe('a hub that hangs mid-push', () => {
  let work = '';
  let hub: HubProcess;
  let proxy: Proxy;
  beforeAll(async () => {
    work = tempDir('auxin-deadline-').dir;
    hub = await startHubProcess(path.join(work, 'hub-data'), {
      env: { AUXIN_ADMIN_TOKEN: ADMIN },
    });
    // Paced, so the stop lands while the chunk units are still on their way.
    proxy = await startProxy(hub.port, 40 * MiB);
  });
  afterAll(async () => {
    await proxy?.close();
    hub?.child.kill('SIGCONT');
    await hub?.stop('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** Push, SIGSTOP the hub once `cutAt` bytes went up; how the client ends, and when. */
  async function stalledPush(name: string, cutAt: number, env: NodeJS.ProcessEnv = {}) {
    const dir = path.join(work, name);
    fs.mkdirSync(path.join(dir, 'Media'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Media', 'take.wav'), randomBytes(40 * MiB));
    const run = { cwd: dir, token: ADMIN, home: path.join(work, 'home') };
    await ok(['init'], run);
    await ok(['commit', '-m', 'v1'], run);
    await ok(['remote', 'add', 'origin', `${proxy.url}/studio/${name}`], run);
    proxy.reset();
    const child = spawn(process.execPath, [CLI, 'push'], {
      cwd: dir,
      env: { ...process.env, AUXIN_TOKEN: ADMIN, HOME: run.home, CI: '1', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // Bounded either way: a client still there after 60 s is killed and the test fails.
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    try {
      await until(() => proxy.up >= cutAt, 20_000, 'the push to get going');
      hub.child.kill('SIGSTOP');
      const stopped = Date.now();
      const code = await exited;
      return { code, stderr, seconds: (Date.now() - stopped) / 1000 };
    } finally {
      clearTimeout(guard);
      hub.child.kill('SIGCONT');
    }
  }

  it('gives up with REMOTE_UNREACHABLE within 30 s at the default timings', async () => {
    const r = await stalledPush('Stalled', 6 * MiB);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^auxin: cannot reach the hub at 127\.0\.0\.1:\d+ .*\(REMOTE_UNREACHABLE\)\n$/,
    );
    expect(r.seconds).toBeLessThan(30);
    // Not given up before the window was used: 8 s without a byte, then 18 s of retries.
    expect(r.seconds).toBeGreaterThan(18);
  }, 90_000);
});
