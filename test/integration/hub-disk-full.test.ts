/**
 * The hub's disk fills up in mid-push: the push fails with 507 NO_SPACE and a message saying
 * what to do, the hub's repository stays sound, and once space is freed the same push resumes,
 * sending only what the hub did not keep. The hub's data folder is a small tmpfs, which needs
 * root (CI runs as root); elsewhere the test is skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

const ADMIN = 'disk-full-admin-token-0123456789';
const MiB = 1024 * 1024;

/** Mount a tmpfs of `mib` MiB at `dir`; null when this machine will not let us. */
function mountSmall(dir: string, mib: number): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    return 'not root on Linux: cannot mount a small tmpfs to fill';
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', dir], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return `mount -t tmpfs failed (${(e as Error).message.split('\n')[0]})`;
  }
}

const { dir: work } = tempDir('auxin-diskfull-');
const data = path.join(work, 'hub-data');
fs.mkdirSync(data);
// Larger than the units in flight (3 x 8 MiB), so some packs are sealed before it fills.
const skip = mountSmall(data, 40);
if (skip) {
  console.warn(`hub-disk-full: skipped: ${skip}`);
  fs.rmSync(work, { recursive: true, force: true });
}

describe.skipIf(!!skip)('the hub runs out of disk space in mid-push', () => {
  let hub: HubProcess;
  beforeAll(async () => {
    hub = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: ADMIN } });
  });
  afterAll(async () => {
    await hub?.stop('SIGKILL');
    execFileSync('umount', [data], { stdio: 'pipe' });
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('fails with NO_SPACE, keeps the repository sound, and resumes once space is freed', async () => {
    const opts = (cwd: string) => ({
      cwd,
      token: ADMIN,
      home: path.join(work, 'home'),
      timeoutMs: SYNC_RUN_MS,
    });
    const dir = path.join(work, 'Song');
    fs.mkdirSync(path.join(dir, 'Media'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'Media', 'take.wav'), randomBytes(60 * MiB));
    fs.writeFileSync(path.join(dir, 'ProjectData'), randomBytes(100_000));
    await ok(['init'], opts(dir));
    await ok(['commit', '-m', 'v1'], opts(dir));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song`], opts(dir));

    const full = await auxin(['push'], opts(dir));
    expect(full.code, full.stderr).not.toBe(0);
    expect(full.stderr).toContain('no disk space left on the hub machine');
    expect(full.stderr).toContain('NO_SPACE');
    const repo = path.join(data, 'studio', 'Song');
    // Nothing half-written is left, and what the hub kept is sound.
    expect(fs.readdirSync(path.join(repo, 'tmp'))).toEqual([]);
    await ok(['fsck'], opts(repo));

    execFileSync('mount', ['-o', 'remount,size=200m', data], { stdio: 'pipe' });
    const retry = (await ok(['push', '--json'], opts(dir))).json();
    // The packs sealed before the disk filled were kept: when it filled, at most the units in
    // flight (24 MiB) were not sealed, so at least 16 MiB was; the retry sends only the rest.
    expect(retry.chunk_bytes as number).toBeLessThan(60 * MiB - 8 * MiB);
    await ok(['fsck'], opts(repo));
    const copy = path.join(work, 'Song-copy');
    await ok(['clone', `${hub.url}/studio/Song`, copy], opts(work));
    expectSameFiles(dir, copy);
  });

  it('a clone onto a full disk says so, and leaves nothing behind', async () => {
    const small = path.join(work, 'small');
    fs.mkdirSync(small);
    const why = mountSmall(small, 16);
    if (why) throw new Error(why);
    try {
      const opts = {
        cwd: small,
        token: ADMIN,
        home: path.join(work, 'home'),
        timeoutMs: SYNC_RUN_MS,
      };
      const r = await auxin(['clone', `${hub.url}/studio/Song`, 'Song', '--json'], opts);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('no disk space left on this machine');
      expect(JSON.parse(r.stdout)).toMatchObject({ code: 'NO_SPACE' });
      expect(fs.readdirSync(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small], { stdio: 'pipe' });
    }
  });

  it("answers NO_SPACE for the hub's own files, changing nothing on disk or in memory", async () => {
    const api = (p: string, method: string, body?: unknown, token = ADMIN) =>
      fetch(`${hub.url}${p}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const rita = (await (
      await api('/api/users', 'POST', { username: 'rita', role: 'client' })
    ).json()) as {
      token: string;
      token_id: string;
    };
    const hubState = path.join(data, '.hub');
    const files = ['users.json', 'repos.json'];
    const before = files.map((f) => fs.readFileSync(path.join(hubState, f), 'utf8'));
    // Fill what is left of the disk.
    const filler = path.join(data, 'filler');
    const fd = fs.openSync(filler, 'w');
    try {
      const block = Buffer.alloc(MiB, 1);
      for (;;) fs.writeSync(fd, block);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      fs.closeSync(fd);
    }
    const refused = async (res: Response) => {
      expect(res.status).toBe(507);
      expect(((await res.json()) as { code: string }).code).toBe('NO_SPACE');
    };
    try {
      await refused(await api('/api/users', 'POST', { username: 'nadia', role: 'producer' }));
      await refused(await api('/api/users/rita/tokens', 'POST', {}));
      await refused(await api(`/api/users/rita/tokens/${rita.token_id}`, 'DELETE'));
      await refused(
        await api('/api/repos/studio/Song/visibility', 'PUT', { visibility: 'private' }),
      );
      await refused(
        await api('/api/repos/studio/Song/locks/acquire', 'POST', { machine_id: 'studio-mac' }),
      );
      expect(fs.readdirSync(path.join(data, 'studio', 'Song', 'locks'))).toEqual([]);
      expect(files.map((f) => fs.readFileSync(path.join(hubState, f), 'utf8'))).toEqual(before);
      expect(fs.readdirSync(hubState).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      // Memory is as the files say: the token still works, the repository is still the team's.
      expect((await api('/api/repos/studio/Song', 'GET', undefined, rita.token)).status).toBe(200);
    } finally {
      fs.rmSync(filler);
    }
    // With space again, each works the first time it is asked (none half-happened before).
    expect((await api('/api/users', 'POST', { username: 'nadia', role: 'producer' })).status).toBe(
      201,
    );
    expect(
      (await api('/api/repos/studio/Song/visibility', 'PUT', { visibility: 'private' })).status,
    ).toBe(200);
    expect((await api('/api/repos/studio/Song', 'GET', undefined, rita.token)).status).toBe(404);
    expect((await api(`/api/users/rita/tokens/${rita.token_id}`, 'DELETE')).status).toBe(204);
    const lock = await api('/api/repos/studio/Song/locks/acquire', 'POST', { machine_id: 'mac' });
    expect(lock.status).toBe(200);
    expect((await api('/api/repos', 'GET', undefined, rita.token)).status).toBe(401);
  });
});
