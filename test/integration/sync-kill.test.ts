/**
 * Cuts in the middle of a push, on the real `auxin hub` process: SIGKILL of the client, then of
 * the hub. A paced TCP proxy makes the cut land mid-transfer and measures what travels.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { startProxy, until, type Proxy } from './helpers/proxy.js';
import { auxin, CLI, ok } from '../helpers/cli.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS } from './helpers/sync.js';
import { SyncLimits } from '../../src-shared/api/sync.js';

const ADMIN = 'kill-test-admin-token-0123456789';
const MiB = 1024 * 1024;
const AUDIO = 40 * MiB;
const TOTAL = AUDIO + 200_000;
// Cut late enough that, whatever the load, the hub must have stored some of it: what can be in
// flight is SyncLimits.parallel packs of SyncLimits.packBytes (plus a chunk straddling each),
// and what the proxy had already handed to the hub's socket but the hub had not read when the
// cut came (kernel socket buffers, a few MiB on a loaded machine) = IN_FLIGHT. Still under a
// tenth of a 320 MB project.
// Past the first round of units in flight (3 x 8 MiB), which run side by side and finish together.
const CUT = 32 * MiB;
const SOCKET_BUFFERS = 4 * MiB;
const IN_FLIGHT = SyncLimits.parallel * (SyncLimits.packBytes + 256 * 1024) + MiB + SOCKET_BUFFERS;

describe('an interrupted push resumes without re-sending what the hub stored', () => {
  let work = '';
  let data = '';
  let hub: HubProcess;
  let proxy: Proxy;
  beforeAll(async () => {
    work = tempDir('auxin-kill-').dir;
    data = path.join(work, 'hub-data');
    hub = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: ADMIN } });
    proxy = await startProxy(hub.port, 40 * MiB);
  });
  afterAll(async () => {
    await proxy?.close();
    await hub?.stop('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  const opts = (cwd: string) => ({
    cwd,
    token: ADMIN,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });

  async function project(name: string): Promise<string> {
    const dir = path.join(work, name);
    fs.mkdirSync(path.join(dir, 'Media'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Media', 'take.wav'), randomBytes(AUDIO));
    fs.writeFileSync(path.join(dir, 'ProjectData'), randomBytes(200_000));
    await ok(['init'], opts(dir));
    await ok(['commit', '-m', 'v1'], opts(dir));
    await ok(['remote', 'add', 'origin', `${proxy.url}/studio/${name}`], opts(dir));
    return dir;
  }

  /** Start a push and SIGKILL `victim` once `cutAt` bytes went up through the proxy. */
  async function cutPush(dir: string, cutAt: number, victim: 'client' | 'hub') {
    proxy.reset();
    const env = { ...process.env, AUXIN_TOKEN: ADMIN, HOME: path.join(work, 'home'), CI: '1' };
    const child = spawn(process.execPath, [CLI, 'push', '--json'], { cwd: dir, env });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.resume();
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    await until(() => proxy.up >= cutAt, 20_000, 'the push to get going');
    const started = Date.now();
    if (victim === 'client') child.kill('SIGKILL');
    else hub.child.kill('SIGKILL');
    const code = await exited;
    const seconds = (Date.now() - started) / 1000;
    // Bytes the killed side had already handed to the kernel still flow for a moment; what
    // reached the hub is the count once the proxy is quiet.
    let last = -1;
    while (proxy.up !== last) {
      last = proxy.up;
      await new Promise((r) => setTimeout(r, 400));
    }
    const delivered = proxy.up;
    proxy.reset();
    return { code, stderr, seconds, delivered };
  }

  it('client killed mid-push: the retry sends only the chunks the hub lacks', async () => {
    const dir = await project('ClientKill');
    const cut = await cutPush(dir, CUT, 'client');
    expect(cut.code).toBeNull(); // killed, not finished
    const retry = (await ok(['push', '--json'], opts(dir))).json();
    // What was stored before the cut does not travel again: at most what was in flight
    // (SyncLimits.parallel packs) plus what had not been sent yet.
    expect(retry.chunk_bytes as number).toBeLessThan(TOTAL - cut.delivered + IN_FLIGHT);
    expect(retry.chunk_bytes as number).toBeLessThan(TOTAL - 3 * MiB);
    expect(retry.bytes_sent as number).toBeLessThan((retry.chunk_bytes as number) + 256 * 1024);
    expect(proxy.up).toBeLessThan((retry.chunk_bytes as number) + 512 * 1024);

    const copy = path.join(work, 'ClientKill-copy');
    await ok(['clone', `${hub.url}/studio/ClientKill`, copy], opts(work));
    expectSameFiles(dir, copy);
  });

  it('hub killed mid-push: the client gives up clearly, fsck passes, the retried push succeeds', async () => {
    const dir = await project('HubKill');
    const cut = await cutPush(dir, CUT, 'hub');
    expect(cut.code).not.toBe(0);
    expect(cut.stderr).toMatch(/cannot reach the hub.*REMOTE_UNREACHABLE/);
    expect(cut.stderr.trim().split('\n')).toHaveLength(1);
    expect(cut.seconds).toBeLessThan(30);

    const repo = path.join(data, 'studio', 'HubKill');
    const fsck = await auxin(['fsck'], opts(repo));
    expect(fsck.code, fsck.stderr + fsck.stdout).toBe(0);

    hub = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: ADMIN } });
    proxy.upstreamPort = hub.port;
    const retry = (await ok(['push', '--json'], opts(dir))).json();
    expect(retry.chunk_bytes as number).toBeLessThan(TOTAL - cut.delivered + IN_FLIGHT);
    expect(retry.chunk_bytes as number).toBeLessThan(TOTAL - 3 * MiB);
    expect((await auxin(['fsck'], opts(repo))).code).toBe(0);
    const copy = path.join(work, 'HubKill-copy');
    await ok(['clone', `${hub.url}/studio/HubKill`, copy], opts(work));
    expectSameFiles(dir, copy);
  });
});
