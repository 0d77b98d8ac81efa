/**
 * Store lock files left by a holder that is gone, in the places users meet them: a hub killed
 * while moving a branch and restarted under the same pid (a container's hub often is), and an
 * `auxin commit` killed in a container whose pid 1 never reaps it (a zombie). Before, the first
 * answered "branch main is busy" to every push for good and the second blocked every commit.
 */
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processStart } from '../../src-main/store/holder.js';
import { auxin, ok } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { zombieFamily } from '../helpers/zombie.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { SYNC_RUN_MS, writeProject } from './helpers/sync.js';

const hasProc = processStart(process.pid) !== null;

describe('store locks left by a holder that is gone', () => {
  let hub: TestHub;
  let work = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-lock-holders-').dir;
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const as = (cwd: string) => ({
    cwd,
    token: ADMIN_TOKEN,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });

  it("a branch lock of the hub's own pid from an earlier run does not block pushes", async () => {
    const dir = path.join(work, 'song');
    fs.mkdirSync(dir);
    writeProject(dir, 1);
    await ok(['init'], as(dir));
    await ok(['commit', '-m', 'v1'], as(dir));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Restarted`], as(dir));
    await ok(['push'], as(dir));
    // The hub was killed while it moved main, and runs again under the same pid (this test's:
    // the hub runs in this process) with no memory of that lock.
    const lock = path.join(hub.dataDir, 'studio', 'Restarted', 'locks', 'refs%2Fheads%2Fmain.lock');
    fs.writeFileSync(
      lock,
      `${process.pid}\n${hostname()}\nthe-killed-run\n${processStart(process.pid) ?? ''}\n`,
    );
    fs.writeFileSync(path.join(dir, 'take 2.wav'), Buffer.alloc(50_000, 2));
    await ok(['commit', '-m', 'v2'], as(dir));
    // Without the fix the lock is waited for (5 s), then the push fails: "branch main is busy".
    const push = await auxin(['push', '--json'], as(dir));
    expect(push.code, push.stderr).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
    const refs = (await (await hub.req('/api/repos/studio/Restarted/branches')).json()) as {
      name: string;
      commit_id: string;
    }[];
    const head = (
      JSON.parse((await ok(['log', '--json', '-n', '1'], as(dir))).stdout) as {
        id: string;
      }[]
    )[0]!.id;
    expect(refs.find((b) => b.name === 'main')?.commit_id).toBe(head);
  });

  it.skipIf(!hasProc)(
    'a commit lock left by a killed, never-reaped `auxin commit` (a zombie) does not block commits',
    async () => {
      const dir = path.join(work, 'zombie');
      fs.mkdirSync(dir);
      writeProject(dir, 1);
      await ok(['init'], as(dir));
      const { parent, zombie } = await zombieFamily();
      try {
        const lock = path.join(dir, '.auxin', 'locks', 'commit.lock');
        fs.mkdirSync(path.dirname(lock), { recursive: true });
        fs.writeFileSync(lock, `${zombie}\n${hostname()}\n`);
        const r = await auxin(['commit', '-m', 'v1'], as(dir));
        expect(r.code, r.stderr).toBe(0);
        expect(fs.existsSync(lock)).toBe(false);
      } finally {
        parent.kill('SIGKILL');
      }
    },
  );
});
