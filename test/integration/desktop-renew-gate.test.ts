/**
 * The lease of a Lock & Open session against a real hub: renewed on schedule while
 * `shouldRenew` says Logic has the project open, not once it says Logic closed it (the lock
 * then runs out on the hub unless the producer pushes and releases), and again when reopened.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientPorts } from '../../src-main/desktop/lock-open-ports.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';

describe('keepRenewing asks shouldRenew before every renewal', () => {
  let t: TestHub;
  beforeAll(async () => {
    t = await startHub();
    expect((await t.req('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(201);
  });
  afterAll(() => t?.stop());

  it('renews while open, stops while closed, resumes when reopened', async () => {
    const project = { namespace: 'studio', name: 'Song' };
    let open = true;
    const renewals: string[] = [];
    const ports = clientPorts({
      baseUrl: t.url,
      token: ADMIN_TOKEN,
      author: 'admin',
      ttlSeconds: 6, // renewed every 2 s; a closed window of 3 s stays well inside the lease
      bundleOf: async () => null,
      openPath: async () => '',
      onRenewed: (_p, lock) => renewals.push(lock.expires_at),
      shouldRenew: () => open,
    });
    const lock = await ports.acquire(project);
    const stop = ports.keepRenewing(project, lock);
    const expiry = async () =>
      (
        (await (await t.req('/api/repos/studio/Song/locks/status')).json()) as {
          lock: { expires_at: string } | null;
        }
      ).lock?.expires_at ?? null;
    try {
      await new Promise((r) => setTimeout(r, 4500));
      expect(renewals.length).toBeGreaterThanOrEqual(2);
      expect(Date.parse((await expiry())!)).toBeGreaterThan(Date.parse(lock.expires_at));

      open = false;
      await new Promise((r) => setTimeout(r, 300));
      const frozen = renewals.length;
      const before = await expiry();
      await new Promise((r) => setTimeout(r, 3000));
      expect(renewals.length).toBe(frozen);
      expect(await expiry()).toBe(before);

      open = true;
      await new Promise((r) => setTimeout(r, 2500));
      expect(renewals.length).toBeGreaterThan(frozen);
    } finally {
      stop();
      await ports.release(project, lock.lock_id).catch(() => {});
    }
  }, 20_000);
});
