/**
 * Wrong paths and names (issue #19, section 2), as a new user makes them, through the real
 * `auxin` command and real hub processes: `init` of a missing folder makes nothing; repository
 * names typed precomposed or decomposed reach one repository, and one differing only in case is
 * refused (NAME_COLLISION); `auxin hub --watch` of a missing folder and on a busy port refuse
 * clearly; the loser of two simultaneous first pushes is told to pull.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { noise } from '../helpers/tmp.js';
import { useStudio } from './helpers/studio.js';
import { startProxy, type Proxy } from './helpers/proxy.js';

const ADMIN = 'wrong-paths-admin-token-0123456789';
const NFC = 'Canci\u00f3n.logicx';
const NFD = 'Cancio\u0301n.logicx';

const studio = useStudio({ prefix: 'auxin-wrongpaths-', adminToken: ADMIN });
const { work, api } = studio;
const as = (user: string, cwd: string) => studio.as(user, cwd);

describe('auxin init', () => {
  it('refuses a missing folder with NOT_FOUND and makes nothing', async () => {
    const parent = path.join(work.dir, 'nonexistent');
    const r = await auxin(['init', path.join(parent, 'dir', 'Song.logicx')], as('ana', work.dir));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NOT_FOUND');
    expect(r.stderr).toContain(`no folder ${path.join(parent, 'dir')}`);
    expect(r.stderr).not.toContain('rename');
    expect(fs.existsSync(parent)).toBe(false);
    // A bundle that is not there, in a folder that is: refused too, nothing made.
    const missing = path.join(work.dir, 'Typo.logicx');
    const b = await auxin(['init', missing], as('ana', work.dir));
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`no Logic bundle ${missing}`);
    expect(fs.readdirSync(work.dir).filter((n) => n.includes('Typo'))).toEqual([]);
  });
});

describe('repository names', () => {
  it('one repository for a name typed precomposed or decomposed, on the hub and the client', async () => {
    const a = path.join(work.dir, 'ana', NFD);
    fs.cpSync(mitBundle('F2_tempomap'), a, { recursive: true });
    await ok(['init'], as('ana', a));
    await ok(['commit', '-m', 'first'], as('ana', a));
    // Ana's Mac gave the name decomposed; Ben types it precomposed.
    await ok(
      ['remote', 'add', 'origin', `${studio.hub.url}/studio/${encodeURIComponent(NFD)}`],
      as('ana', a),
    );
    await ok(['push'], as('ana', a));
    const b = path.join(work.dir, 'ben', 'Song');
    await ok(
      ['clone', `${studio.hub.url}/studio/${encodeURIComponent(NFC)}`, b],
      as('ben', work.dir),
    );
    expect(fs.existsSync(path.join(b, 'Alternatives'))).toBe(true);

    const repos = (await (await api('/api/repos')).json()) as { name: string }[];
    expect(repos.map((r) => r.name)).toEqual([NFC]);
    expect(fs.readdirSync(path.join(work.dir, 'hub', 'studio'))).toEqual([NFC]);
    // Creating it again under the other form is the same name: it exists.
    const again = await api(`/api/repos/studio/${encodeURIComponent(NFD)}`, {
      method: 'POST',
      body: '{}',
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { code: string }).code).toBe('ALREADY_EXISTS');
  });

  it('refuses a name that differs from an existing one only in case, saying which (NAME_COLLISION)', async () => {
    for (const [ns, name] of [
      ['studio', NFC.toUpperCase()],
      ['Studio', 'Other.logicx'],
    ]) {
      const res = await api(`/api/repos/${ns}/${encodeURIComponent(name!)}`, {
        method: 'POST',
        body: '{}',
      });
      expect(res.status).toBe(409);
      const err = (await res.json()) as { code: string; error: string; existing: string };
      expect(err.code).toBe('NAME_COLLISION');
      expect(err.existing).toBe(`studio/${NFC}`);
    }
    // Through the CLI: Ben's first push to the look-alike name is refused the same way.
    const c = path.join(work.dir, 'ben', 'Upper');
    fs.cpSync(mitBundle('F0_baseline'), c, { recursive: true });
    await ok(['init'], as('ben', c));
    await ok(['commit', '-m', 'mine'], as('ben', c));
    await ok(
      ['remote', 'add', 'origin', `${studio.hub.url}/studio/CANCI%C3%93N.logicx`],
      as('ben', c),
    );
    const r = await auxin(['push'], as('ben', c));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NAME_COLLISION');
    expect(r.stderr).toContain(`use studio/${NFC}`);
  });
});

describe('auxin hub', () => {
  it('refuses --watch of a missing folder, naming it', async () => {
    const data = path.join(work.dir, 'hub-watch');
    fs.mkdirSync(data);
    const r = await auxin(
      ['hub', '--data', data, '--port', '0', '--host', '127.0.0.1', '--watch', '/nonexistent'],
      { timeoutMs: 15_000, env: { AUXIN_LOG_LEVEL: 'silent' } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('INVALID_ARGUMENT');
    expect(r.stderr).toContain('watch folder /nonexistent (from flag --watch) does not exist');
  });

  it('on a busy port says PORT_IN_USE, naming the port and --port', async () => {
    const data = path.join(work.dir, 'hub-busy');
    fs.mkdirSync(data);
    const r = await auxin(
      ['hub', '--data', data, '--port', String(studio.hub.port), '--host', '127.0.0.1'],
      { timeoutMs: 15_000, env: { AUXIN_LOG_LEVEL: 'silent', AUXIN_ADMIN_TOKEN: ADMIN } },
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('PORT_IN_USE');
    expect(r.stderr).toContain(`port ${studio.hub.port}`);
    expect(r.stderr).toContain('--port');
    expect(r.stderr).not.toContain('EADDRINUSE');
  });
});

describe('two simultaneous first pushes', () => {
  let proxy: Proxy;
  beforeAll(async () => {
    // Paced uploads, so both pushes have asked the hub for its branches before either ends.
    proxy = await startProxy(studio.hub.port, 2 * 1024 * 1024);
  });
  afterAll(() => proxy.close());

  it('one lands; the other is told someone else just created the repository, and to pull', async () => {
    const dirs = ['ana', 'ben'].map((user, i) => {
      const d = path.join(work.dir, `race-${user}`, 'Duet.logicx');
      fs.cpSync(mitBundle('F21_multitrack_regions'), d, { recursive: true });
      fs.mkdirSync(path.join(d, 'Media', 'Audio Files'), { recursive: true });
      fs.writeFileSync(path.join(d, 'Media', 'Audio Files', `${user}.wav`), noise(3 << 20, i + 7));
      return d;
    });
    for (const [i, user] of ['ana', 'ben'].entries()) {
      await ok(['init'], as(user, dirs[i]!));
      await ok(['commit', '-m', `${user}'s start`], as(user, dirs[i]!));
      await ok(['remote', 'add', 'origin', `${proxy.url}/studio/Duet.logicx`], as(user, dirs[i]!));
    }
    const results = await Promise.all(
      ['ana', 'ben'].map((u, i) => auxin(['push'], as(u, dirs[i]!))),
    );
    const won = results.filter((r) => r.code === 0);
    const lost = results.filter((r) => r.code !== 0);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]!.stderr).toContain('someone else just created studio/Duet.logicx');
    expect(lost[0]!.stderr).toContain('auxin pull');
  });
});
