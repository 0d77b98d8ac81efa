/**
 * Deleting a repository drops its lock and the requests to be told when it frees, on both
 * backends: a Redis lock outlives the folder, and a repository created again under the same name
 * must not start locked by the old holder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backendSetups, type BackendEnv } from '../helpers/lock-setups.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';

const REPO = '/api/repos/studio/Gone';

for (const setup of backendSetups) {
  describe.skipIf(!!setup.skip)(`deleting a locked repository (${setup.kind} backend)`, () => {
    let env: BackendEnv;
    let t: TestHub;
    beforeEach(async () => {
      env = await setup.start();
      t = await startHub({ lockBackend: env.make() });
    });
    afterEach(async () => {
      await t.stop();
      await env.stop();
    });

    it('frees the name: the new repository is unlocked and nobody waits on it', async () => {
      const ana = await addUser(t, 'ana', 'producer');
      const bob = await addUser(t, 'bob', 'producer');
      expect((await t.req(REPO, { method: 'POST', token: ana, json: {} })).status).toBe(201);
      const lock = { user: 'ana', machine_id: 'studio-mac', timeout_hours: 4 };
      const got = await t.req(`${REPO}/locks/acquire`, { method: 'POST', token: ana, json: lock });
      expect(got.status).toBe(200);
      const wait = await t.req(`${REPO}/locks/notify`, { method: 'POST', token: bob });
      expect(wait.status).toBe(200);
      const waiters = path.join(t.dataDir, '.hub', 'lock-waiters.json');
      expect(fs.readFileSync(waiters, 'utf8')).toContain('Gone');

      expect((await t.req(REPO, { method: 'DELETE', token: ana })).status).toBe(204);
      expect((await t.req(REPO, { method: 'POST', token: bob, json: {} })).status).toBe(201);
      // The drop runs on the deletion's event: give it a moment, then look.
      let status: unknown = null;
      for (let i = 0; i < 50; i++) {
        status = await (await t.req(`${REPO}/locks/status`, { token: bob })).json();
        if (!(status as { locked: boolean }).locked) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(status).toEqual({ locked: false });
      expect(fs.readFileSync(waiters, 'utf8')).not.toContain('Gone');
      const mine = await t.req(`${REPO}/locks/acquire`, {
        method: 'POST',
        token: bob,
        json: { ...lock, user: 'bob' },
      });
      expect(mine.status).toBe(200);
    });
  });
}
