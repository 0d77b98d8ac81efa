/**
 * A lock file made a folder by hand: that repository's lock routes say which file needs repair,
 * and the expiry of every other repository's locks goes on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
beforeAll(async () => {
  t = await startHub();
  for (const name of ['Damaged', 'Fine']) {
    expect((await t.req(`/api/repos/studio/${name}`, { method: 'POST', json: {} })).status).toBe(
      201,
    );
  }
});
afterAll(async () => {
  await t.stop();
});

describe('a lock file made a folder', () => {
  it('is named on its own routes, and stops no other lock from expiring', async () => {
    const acquire = (name: string, ttl: number) =>
      t.req(`/api/repos/studio/${name}/locks/acquire`, {
        method: 'POST',
        json: { machine_id: 'studio-mac', ttl_seconds: ttl },
      });
    expect((await acquire('Damaged', 3600)).status).toBe(200);
    const file = path.join(t.dataDir, 'studio', 'Damaged', 'locks', 'project.lock.json');
    fs.rmSync(file);
    fs.mkdirSync(file);

    const status = await t.req('/api/repos/studio/Damaged/locks/status');
    expect(status.status).toBe(500);
    const body = (await status.json()) as { code: string; error: string };
    expect(body.code).toBe('CORRUPT_OBJECT');
    expect(body.error).toContain('the lock file of studio/Damaged cannot be read (EISDIR)');
    expect(body.error).not.toContain(t.dataDir);

    // Another repository's lock still expires and is dropped, with no request needed.
    expect((await acquire('Fine', 1)).status).toBe(200);
    const deadline = Date.now() + 6_000;
    let locked = true;
    while (locked && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      const fine = path.join(t.dataDir, 'studio', 'Fine', 'locks', 'project.lock.json');
      locked = fs.existsSync(fine);
    }
    expect(locked).toBe(false);
  });
});
