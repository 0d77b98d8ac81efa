/** A SIGKILL during a lock write leaves its temp file; the next write in that folder removes it. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileLockBackend } from '../../src-main/locks/file-backend.js';
import { LockService } from '../../src-main/locks/service.js';

let data: string | undefined;
afterEach(() => {
  if (data) rmSync(data, { recursive: true, force: true });
  data = undefined;
});

describe('file lock backend', () => {
  it('removes temp files that killed writers left in a lock folder', async () => {
    data = mkdtempSync(join(tmpdir(), 'auxin-locktmp-'));
    const path = join(data, 'studio', 'Song');
    const locks = join(path, 'locks');
    mkdirSync(locks, { recursive: true });
    const left = ['project.lock.json.4c1d.tmp', 'project.lock.json.9e2a.tmp'];
    for (const n of left) writeFileSync(join(locks, n), '{"lock_id":');
    writeFileSync(join(locks, 'notes.txt'), 'not ours');
    const svc = new LockService({ backend: new FileLockBackend(data) });
    try {
      const t = { namespace: 'studio', name: 'Song', path };
      await svc.acquire(t, 'ana', { machine_id: 'mac', ttl_seconds: 60 });
      expect(readdirSync(locks).sort()).toEqual(['notes.txt', 'project.lock.json']);
      expect(existsSync(join(locks, 'project.lock.mutex'))).toBe(false);
    } finally {
      await svc.stop();
    }
  });
});
