/**
 * The file backend's expiry scan, on real files: this process's own locks are watched from the
 * moment they are written, a lock file another hub process wrote is found at the next walk of
 * the data folder, and a repository's lock file that disappears or turns into a folder drops out.
 * Between walks the scan looks only at lock files known to exist: walking every repository twice
 * a second cost an idle hub with 1,000 repositories ~10 % of a core.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLockBackend } from '../../src-main/locks/file-backend.js';
import type { LockTarget, StoredLock } from '../../src-main/locks/types.js';
import { tempDir } from '../helpers/tmp.js';

let cleanup = () => {};
afterEach(() => cleanup());

function dataWith(repos: string[]): { data: string; target: (n: string) => LockTarget } {
  const t = tempDir('auxin-lockscan-');
  cleanup = t.cleanup;
  for (const n of repos) mkdirSync(path.join(t.dir, 'studio', n, 'locks'), { recursive: true });
  return {
    data: t.dir,
    target: (n) => ({ namespace: 'studio', name: n, path: path.join(t.dir, 'studio', n) }),
  };
}

function lockOf(name: string, expiresMs: number): StoredLock {
  const at = new Date(expiresMs).toISOString();
  return {
    lock_id: `id-${name}`,
    user: 'ana',
    machine_id: 'mac-1',
    acquired_at: at,
    expires_at: at,
    last_heartbeat: at,
    username: 'ana',
    reason: null,
    ttl_seconds: 60,
    namespace: 'studio',
    name,
    rev: `rev-${name}`,
    expires_ms: expiresMs,
  };
}

const names = (list: { target: LockTarget }[]) => list.map((e) => e.target.name).sort();

describe('the file backend expiry scan', () => {
  it("finds its own locks at once and another process's at the next walk", async () => {
    const { data, target } = dataWith(['Own', 'Foreign', 'Quiet']);
    const backend = new FileLockBackend(data, { fsync: false, walkMs: 60_000 });
    const now = Date.now();
    // The first scan walks the folder: a lock left from before the start is found.
    writeFileSync(
      path.join(target('Quiet').path, 'locks', 'project.lock.json'),
      JSON.stringify(lockOf('Quiet', now - 1)),
    );
    expect(names(await backend.listExpired(now))).toEqual(['Quiet']);
    rmSync(path.join(target('Quiet').path, 'locks', 'project.lock.json'));

    expect((await backend.acquire(target('Own'), lockOf('Own', now + 50), now)).ok).toBe(true);
    // Another hub process sharing the folder writes a lock this one has never seen.
    writeFileSync(
      path.join(target('Foreign').path, 'locks', 'project.lock.json'),
      JSON.stringify(lockOf('Foreign', now + 50)),
    );
    // Before the next walk only known lock files are looked at: ours expires on time.
    expect(names(await backend.listExpired(now + 100))).toEqual(['Own']);
    await backend.close();

    // With a walk due at every scan, the other process's lock is found too.
    const walking = new FileLockBackend(data, { fsync: false, walkMs: 0 });
    expect(names(await walking.listExpired(now + 100))).toEqual(['Foreign', 'Own']);
    await walking.close();
  });

  it('drops a lock file that is gone or became a folder, without stopping the others', async () => {
    const { data, target } = dataWith(['A', 'B']);
    const backend = new FileLockBackend(data, { fsync: false, walkMs: 60_000 });
    const now = Date.now();
    for (const n of ['A', 'B']) {
      expect((await backend.acquire(target(n), lockOf(n, now + 10), now)).ok).toBe(true);
    }
    const fileA = path.join(target('A').path, 'locks', 'project.lock.json');
    rmSync(fileA);
    mkdirSync(fileA);
    expect(names(await backend.listExpired(now + 20))).toEqual(['B']);
    rmSync(fileA, { recursive: true });
    expect(names(await backend.listExpired(now + 20))).toEqual(['B']);
    await backend.close();
  });
});
