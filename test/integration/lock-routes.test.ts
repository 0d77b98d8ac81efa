import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import type { HubEvent } from '../../src-main/hub/types.js';

const NS = 'community';
const NAME = 'MySong.logicx';
const LOCKS = `/api/repos/${NS}/${encodeURIComponent(NAME)}/locks`;
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** What the earlier Rust client requires of a lock: six strings, timestamps RFC 3339 UTC. */
function parseLikeRustClient(v: unknown): Record<string, string> {
  const lock = v as Record<string, unknown>;
  for (const k of [
    'lock_id',
    'user',
    'machine_id',
    'acquired_at',
    'expires_at',
    'last_heartbeat',
  ]) {
    if (typeof lock[k] !== 'string') throw new Error(`lock.${k} is not a string`);
  }
  for (const k of ['acquired_at', 'expires_at', 'last_heartbeat']) {
    if (!RFC3339_UTC.test(lock[k] as string)) throw new Error(`lock.${k} is not RFC 3339 UTC`);
  }
  return lock as Record<string, string>;
}

describe('lock routes over HTTP', () => {
  let t: TestHub;
  let ana: string;
  let bob: string;
  let carol: string;
  const events: HubEvent[] = [];

  const as = (
    token: string,
    path: string,
    json?: unknown,
    method = json === undefined ? 'GET' : 'POST',
  ) => t.req(path, { method, token, json, headers: { 'User-Agent': 'auxin-cli/0.2.0' } });

  beforeAll(async () => {
    t = await startHub();
    t.hub.context.events.subscribe((e) => events.push(e));
    ana = await addUser(t, 'ana', 'producer');
    bob = await addUser(t, 'bob', 'producer');
    carol = await addUser(t, 'carol', 'client');
    const created = await t.req(`/api/repos/${NS}/${encodeURIComponent(NAME)}`, {
      method: 'POST',
      json: {},
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers the earlier client exactly as docs/peer-compat.md describes', async () => {
    const free = await as(ana, `${LOCKS}/status`);
    expect(free.status).toBe(200);
    expect(await free.json()).toEqual({ locked: false });

    const body = { user: 'ana@studio-mac', machine_id: 'studio-mac', timeout_hours: 4 };
    const acquired = await as(ana, `${LOCKS}/acquire`, body);
    expect(acquired.status).toBe(200);
    const lock = parseLikeRustClient(await acquired.json());
    expect(lock).toMatchObject({
      user: 'ana@studio-mac',
      machine_id: 'studio-mac',
      username: 'ana',
    });
    expect(Date.parse(lock.expires_at!) - Date.parse(lock.acquired_at!)).toBe(4 * 3600_000);

    const status = (await (await as(bob, `${LOCKS}/status`)).json()) as {
      locked: boolean;
      lock: unknown;
    };
    expect(status.locked).toBe(true);
    expect(parseLikeRustClient(status.lock)).toEqual(lock);

    const held = await as(bob, `${LOCKS}/acquire`, {
      user: 'bob@laptop',
      machine_id: 'laptop',
      timeout_hours: 4,
    });
    expect(held.status).toBe(409);
    expect(await held.json()).toMatchObject({
      code: 'LOCK_HELD',
      holder: 'ana',
      expires_at: lock.expires_at,
      error: expect.stringContaining('ana@studio-mac'),
    });

    // Release as that client does it: status for the lock_id, then release with the three fields.
    const again = (await (await as(ana, `${LOCKS}/status`)).json()) as {
      lock: { lock_id: string };
    };
    const released = await as(ana, `${LOCKS}/release`, {
      lock_id: again.lock.lock_id,
      user: 'ana@studio-mac',
      machine_id: 'studio-mac',
    });
    expect(released.status).toBe(200);
    expect(await (await as(ana, `${LOCKS}/status`)).json()).toEqual({ locked: false });
    const idempotent = await as(ana, `${LOCKS}/release`, {
      lock_id: again.lock.lock_id,
      user: 'x',
      machine_id: 'studio-mac',
    });
    expect(idempotent.status).toBe(200);
  });

  it('refuses non-holders, renews on heartbeat and validates lease lengths', async () => {
    const lock = (await (
      await as(ana, `${LOCKS}/acquire`, { machine_id: 'mac', ttl_seconds: 60, extra: 'ignored' })
    ).json()) as {
      lock_id: string;
      expires_at: string;
      ttl_seconds: number;
    };
    expect(lock.ttl_seconds).toBe(60);
    const notHolder = await as(bob, `${LOCKS}/release`, { lock_id: lock.lock_id });
    expect(notHolder.status).toBe(403);
    expect(((await notHolder.json()) as { code: string }).code).toBe('NOT_LOCK_HOLDER');
    const otherMachine = await as(ana, `${LOCKS}/acquire`, {
      machine_id: 'laptop',
      ttl_seconds: 60,
    });
    expect(otherMachine.status).toBe(409);

    await new Promise((r) => setTimeout(r, 10));
    const hb = await as(ana, `${LOCKS}/heartbeat`, { lock_id: lock.lock_id });
    expect(hb.status).toBe(200);
    expect(Date.parse(((await hb.json()) as { expires_at: string }).expires_at)).toBeGreaterThan(
      Date.parse(lock.expires_at),
    );
    expect((await as(ana, `${LOCKS}/heartbeat`, { lock_id: 'nope' })).status).toBe(404);
    expect((await as(carol, `${LOCKS}/acquire`, { machine_id: 'c' })).status).toBe(403);
    for (const bad of [
      { machine_id: 'm', ttl_seconds: 0 },
      { machine_id: 'm', timeout_hours: -1 },
      { ttl_seconds: 5 },
    ]) {
      const r = await as(bob, `${LOCKS}/acquire`, bad);
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
    }
    expect((await as(ana, `${LOCKS}/release`, { lock_id: lock.lock_id })).status).toBe(200);
    const gone = await as(ana, `${LOCKS}/heartbeat`, { lock_id: lock.lock_id });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { code: string }).code).toBe('NO_LOCK');
  });

  it('force-releases for an admin or the owner only, with the reason in the feed, and tells waiters', async () => {
    const lock = (await (await as(ana, `${LOCKS}/acquire`, { machine_id: 'mac' })).json()) as {
      lock_id: string;
    };
    const notify = await as(bob, `${LOCKS}/notify`, {});
    expect(await notify.json()).toMatchObject({ locked: true, waiting: true });
    expect((await as(bob, `${LOCKS}/force-release`, { reason: 'need it' })).status).toBe(403);
    expect((await t.req(`${LOCKS}/status`, { token: null })).status).toBe(401);
    const forced = await t.req(`${LOCKS}/force-release`, {
      method: 'POST',
      json: { reason: 'ana is on holiday' },
    });
    expect(forced.status).toBe(200);
    expect(await forced.json()).toMatchObject({ released: true, lock: { lock_id: lock.lock_id } });
    const feed = (await (
      await t.req(`/api/repos/${NS}/${encodeURIComponent(NAME)}/activity`)
    ).json()) as {
      events: Array<{
        type: string;
        actor: string;
        details: Record<string, unknown>;
        text: string;
      }>;
    };
    const entry = feed.events.find((e) => e.type === 'lock.force_released');
    expect(entry).toMatchObject({
      actor: 'admin',
      details: { reason: 'ana is on holiday', holder: 'ana' },
    });
    expect(events.some((e) => e.type === 'lock.free' && e.to === 'bob')).toBe(true);
    expect(
      events.some(
        (e) =>
          e.type === 'lock.force_released' && JSON.stringify(e.data).includes('ana is on holiday'),
      ),
    ).toBe(true);
  });

  it('counts lock operations in /metrics', async () => {
    const text = await (await t.req('/metrics')).text();
    expect(text).toMatch(/auxin_locks_total\{[^}]*op="acquire"[^}]*result="granted"[^}]*\} [1-9]/);
    expect(text).toMatch(/auxin_locks_total\{[^}]*op="acquire"[^}]*result="held"[^}]*\} [1-9]/);
  });

  it('fences pushes through the hub push guard: 423 LOCK_HELD naming the holder', async () => {
    const repo = t.hub.context.repos.get(NS, NAME)!;
    expect(t.hub.context.pushGuards.length).toBeGreaterThan(0);
    await as(ana, `${LOCKS}/acquire`, { machine_id: 'mac', user: 'Ana' });
    const guard = async (username: string) => {
      for (const g of t.hub.context.pushGuards)
        await g(repo, { username, role: 'producer' }, 'main');
    };
    await guard('ana');
    await expect(guard('bob')).rejects.toMatchObject({
      code: 'LOCK_HELD',
      status: 423,
      details: { holder: 'ana', user: 'Ana' },
    });
    expect((await as(ana, `${LOCKS}/release`, {})).status).toBe(200);
    await guard('bob');
  });
});
