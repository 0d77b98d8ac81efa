/**
 * A lock's machine, label and reason are printed raw to other users (`auxin lock status`, the
 * 409 of an acquire, the feed): control and invisible characters are refused at the door.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';

const LOCKS = '/api/repos/studio/Song/locks';

describe('lock text other users see', () => {
  let t: TestHub;
  let ana: string;

  beforeAll(async () => {
    t = await startHub();
    ana = await addUser(t, 'ana', 'producer');
    expect((await t.req('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(201);
  });
  afterAll(() => t?.stop());

  const acquire = (body: object) =>
    t.req(`${LOCKS}/acquire`, { method: 'POST', token: ana, json: body });

  it.each([
    ['an escape sequence in machine_id', { machine_id: 'mac\u001b]0;pwned\u0007' }],
    ['a newline in machine_id', { machine_id: 'mac\nforged line' }],
    ['a NUL in machine_id', { machine_id: 'mac\u0000' }],
    ['a right-to-left override in machine_id', { machine_id: 'lap\u202etop' }],
    ['an escape sequence in user', { machine_id: 'mac', user: 'ana\u001b[2J' }],
    ['a zero-width space in user', { machine_id: 'mac', user: 'an\u200ba' }],
    ['a C1 control in reason', { machine_id: 'mac', reason: 'mixing\u009b31m' }],
    ['a carriage return in reason', { machine_id: 'mac', reason: 'ok\rLOCK FREE' }],
  ])('refuses %s with 400', async (_what, body) => {
    const res = await acquire(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('VALIDATION_FAILED');
  });

  it('refuses a force-release reason with control characters', async () => {
    const res = await t.req(`${LOCKS}/force-release`, {
      method: 'POST',
      json: { reason: 'gone\u001b[1A' },
    });
    expect(res.status).toBe(400);
  });

  it('still takes ordinary text: accents, emoji with joiners, "$USER@host"', async () => {
    const res = await acquire({
      machine_id: 'Ana’s MacBook Pro',
      user: 'ana@studio-mac.local',
      reason: 'mixage du refrain 👩‍🎤, pistes 3–7',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ machine_id: 'Ana’s MacBook Pro' });
  });
});
