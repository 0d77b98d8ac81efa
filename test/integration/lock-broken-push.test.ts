/**
 * A force-released holder cannot push what they made under the broken lock (issue #19, section
 * 6): two accounts, a real Logic bundle, a real hub process. Ana locks and works, an admin breaks
 * her lock and nobody takes it; her push is refused (423 LOCK_BROKEN, naming who broke it and
 * why), still after a hub restart, until she locks again. Ben, never fenced, pushes meanwhile.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { useStudio } from './helpers/studio.js';

const ADMIN = 'broken-lock-admin-token-0123456789';

describe('a force-released holder is fenced until they lock again', () => {
  const studio = useStudio({ prefix: 'auxin-broken-', adminToken: ADMIN });
  const { work, api } = studio;
  let url = '';
  const as = (user: string, cwd: string, machine: string) =>
    studio.as(user, cwd, { AUXIN_MACHINE_ID: machine });
  beforeAll(() => {
    url = studio.hub.url;
  });

  it('refuses her push with who broke the lock and why, across a restart, until she relocks', async () => {
    const a = path.join(work.dir, 'ana', 'Tempo.logicx');
    fs.cpSync(mitBundle('F1_tempo'), a, { recursive: true });
    await ok(['init'], as('ana', a, 'ana-mac'));
    await ok(['commit', '-m', 'first'], as('ana', a, 'ana-mac'));
    await ok(['remote', 'add', 'origin', `${url}/studio/Tempo.logicx`], as('ana', a, 'ana-mac'));
    await ok(['push'], as('ana', a, 'ana-mac'));
    const b = path.join(work.dir, 'ben', 'Tempo.logicx');
    await ok(['clone', `${url}/studio/Tempo.logicx`, b], as('ben', work.dir, 'ben-mac'));

    await ok(['lock', 'acquire', '--reason', 'mixing'], as('ana', a, 'ana-mac'));
    fs.writeFileSync(path.join(a, 'Alternatives', '000', 'ana-notes.txt'), 'ana under lock');
    await ok(['commit', '-m', 'ana under lock'], as('ana', a, 'ana-mac'));
    const broke = await api('/api/repos/studio/Tempo.logicx/locks/force-release', {
      method: 'POST',
      body: JSON.stringify({ reason: 'ana went home, ben needs it' }),
    });
    expect(broke.status).toBe(200);

    const refs = () => api('/api/repos/studio/Tempo.logicx/sync/refs').then((r) => r.text());
    const before = await refs();
    const refused = await auxin(['push'], as('ana', a, 'ana-mac'));
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('LOCK_BROKEN');
    expect(refused.stderr).toContain('admin broke your lock');
    expect(refused.stderr).toContain('ana went home, ben needs it');
    expect(await refs()).toBe(before);

    // Remembered by the hub, not by this process: a restart keeps refusing.
    await studio.restart();
    const again = await auxin(['push', '--json'], as('ana', a, 'ana-mac'));
    expect(again.code).not.toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      code: 'LOCK_BROKEN',
      broken_by: 'admin',
      reason: 'ana went home, ben needs it',
    });

    // Ben was never fenced: with the project free, his push lands.
    fs.writeFileSync(path.join(b, 'Alternatives', '000', 'ben-notes.txt'), 'ben');
    await ok(['commit', '-m', 'ben'], as('ben', b, 'ben-mac'));
    await ok(['push'], as('ben', b, 'ben-mac'));

    // Ana locks again: the fence is lifted, and the hub now has Ben's version she lacks.
    await ok(['lock', 'acquire'], as('ana', a, 'ana-mac'));
    const after = await auxin(['push'], as('ana', a, 'ana-mac'));
    expect(after.stderr).toContain('NON_FAST_FORWARD');
    expect(after.stderr).not.toContain('LOCK_BROKEN');
  });
});
