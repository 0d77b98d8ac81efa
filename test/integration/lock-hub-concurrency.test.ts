import * as fs from 'node:fs';
import * as http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';
import type { HubEvent } from '../../src-main/hub/types.js';

const PATH = '/api/repos/studio/Song/locks';

/** One POST on its own TCP connection (no keep-alive pool), answering the status code. */
function post(base: string, path: string, token: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(data),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** A TestHub-shaped view of a hub process, enough for addUser and admin requests. */
function viaProcess(url: string): TestHub {
  return {
    url,
    req: (p, init = {}) =>
      fetch(url + p, {
        method: init.method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: init.json === undefined ? undefined : JSON.stringify(init.json),
      }),
  } as TestHub;
}

describe('lock concurrency through real hubs', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('grants exactly one of 100 concurrent acquires from separate connections', async () => {
    const t: TestHub = await startHub();
    cleanups.push(() => t.stop());
    expect((await t.req('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(201);
    const tokens = await Promise.all(
      Array.from({ length: 10 }, (_, i) => addUser(t, `p${i}`, 'producer')),
    );
    const codes = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(t.url, `${PATH}/acquire`, tokens[i % 10]!, { machine_id: `m${i}`, timeout_hours: 4 }),
      ),
    );
    expect(codes.filter((c) => c === 200)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(99);
  });

  it('notices expiry with no request and records it in the feed within 2 s', async () => {
    const t: TestHub = await startHub();
    cleanups.push(() => t.stop());
    await t.req('/api/repos/studio/Song', { method: 'POST', json: {} });
    const seen: Array<{ e: HubEvent; at: number }> = [];
    t.hub.context.events.subscribe((e) => seen.push({ e, at: Date.now() }));
    const res = await t.req(`${PATH}/acquire`, {
      method: 'POST',
      json: { machine_id: 'mac', ttl_seconds: 1 },
    });
    const lock = (await res.json()) as { expires_at: string };
    await new Promise((r) => setTimeout(r, 2600));
    const expired = seen.find((s) => s.e.type === 'lock.expired');
    expect(expired).toBeDefined();
    expect(expired!.at - Date.parse(lock.expires_at)).toBeLessThan(2000);
    const feed = (await (await t.req('/api/repos/studio/Song/activity')).json()) as {
      events: Array<{ type: string }>;
    };
    expect(feed.events.map((e) => e.type)).toContain('lock.expired');
  });

  it('never grants one lock twice across two hub processes sharing a data folder', async () => {
    const dataDir = tempDir().dir;
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { AUXIN_ADMIN_TOKEN: ADMIN_TOKEN };
    const a: HubProcess = await startHubProcess(dataDir, { env });
    cleanups.push(() => a.stop());
    const viaA = viaProcess(a.url);
    expect((await viaA.req('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(
      201,
    );
    const tokens = await Promise.all(
      Array.from({ length: 10 }, (_, i) => addUser(viaA, `p${i}`, 'producer')),
    );
    const b: HubProcess = await startHubProcess(dataDir, { env });
    cleanups.push(() => b.stop());
    for (let round = 0; round < 3; round++) {
      const codes = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          post(i % 2 ? a.url : b.url, `${PATH}/acquire`, tokens[i % 10]!, {
            machine_id: `r${round}m${i}`,
            ttl_seconds: 60,
          }),
        ),
      );
      expect(
        codes.filter((c) => c === 200),
        `round ${round}`,
      ).toHaveLength(1);
      expect(codes.filter((c) => c === 409)).toHaveLength(59);
      const forced = await post(round % 2 ? a.url : b.url, `${PATH}/force-release`, ADMIN_TOKEN, {
        reason: 'next round',
      });
      expect(forced).toBe(200);
    }
  });

  it('keeps a granted lock across a SIGKILL and restart of the hub process', async () => {
    const dataDir = tempDir().dir;
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { AUXIN_ADMIN_TOKEN: ADMIN_TOKEN };
    const first = await startHubProcess(dataDir, { env });
    cleanups.push(() => first.stop());
    const admin = viaProcess(first.url);
    expect((await admin.req('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(
      201,
    );
    const ana = await addUser(admin, 'ana', 'producer');
    const bob = await addUser(admin, 'bob', 'producer');
    const acquired = await fetch(`${first.url}${PATH}/acquire`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ana}`, 'content-type': 'application/json' },
      body: JSON.stringify({ machine_id: 'mac', timeout_hours: 4 }),
    });
    const lock = (await acquired.json()) as { lock_id: string };
    await first.stop('SIGKILL');

    const second = await startHubProcess(dataDir, { env });
    cleanups.push(() => second.stop());
    const status = await viaProcess(second.url).req(`${PATH}/status`);
    expect(await status.json()).toMatchObject({
      locked: true,
      lock: { lock_id: lock.lock_id, username: 'ana' },
    });
    expect(await post(second.url, `${PATH}/acquire`, bob, { machine_id: 'pc' })).toBe(409);
    expect(await post(second.url, `${PATH}/heartbeat`, ana, { lock_id: lock.lock_id })).toBe(200);
  });
});
