/**
 * Branch names the filesystem cannot hold beside the existing ones, and ref files it cannot
 * read, get an answer with a code through POST .../sync/ref and GET .../branches, never the
 * bare 500 of an unexpected error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let head = '';
const repo = '/api/repos/studio/Branches';

beforeAll(async () => {
  t = await startHub();
  expect((await t.req(repo, { method: 'POST', json: {} })).status).toBe(201);
  const ids = await seedRepo(path.join(t.dataDir, 'studio', 'Branches'), [
    { message: 'one', files: { ProjectData: 'v1' } },
  ]);
  head = ids[0]!;
});
afterAll(async () => {
  await t.stop();
});

async function moveRef(branch: string, old: string | null = null) {
  const res = await t.req(`${repo}/sync/ref`, {
    method: 'POST',
    json: { branch, old, new: head },
  });
  return { status: res.status, body: (await res.json()) as { code: string; error: string } };
}

describe('branch names that clash or do not fit', () => {
  it("'main/sub' while 'main' exists: 409 CONFLICT naming 'main'", async () => {
    const r = await moveRef('main/sub');
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('CONFLICT');
    expect(r.body.error).toMatch(/branch 'main' exists/);
  });

  it("'feat' while 'feat/x' exists: 409 CONFLICT; once 'feat/x' is gone, 'feat' is fine", async () => {
    expect((await moveRef('feat/x')).status).toBe(200);
    const r = await moveRef('feat');
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('CONFLICT');
    expect(r.body.error).toMatch(/'feat\/\.\.\.' exist/);
    // The branch list is unharmed, and the hub's store still moves refs.
    const list = (await (await t.req(`${repo}/branches`)).json()) as { name: string }[];
    expect(list.map((b) => b.name).sort()).toEqual(['feat/x', 'main']);

    const bare = path.join(t.dataDir, 'studio', 'Branches');
    await Store.open(bare).deleteBranch('feat/x', head);
    expect((await moveRef('feat')).status).toBe(200);
  });

  it('a name whose lock file would pass 255 bytes: 400 INVALID_NAME', async () => {
    const r = await moveRef(Array(100).fill('a').join('/'));
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.code).toBe('INVALID_NAME');
    // Long but fitting names still work: 20 + 190 + 2 * 10 bytes.
    const fits = Array(11).fill('b'.repeat(16)).join('/').slice(0, 200);
    expect(fits.length).toBeGreaterThan(180);
    expect((await moveRef(fits)).status).toBe(200);
  });

  it('symlinks under refs/heads are never followed: not listed, not read, not written through', async () => {
    const heads = path.join(t.dataDir, 'studio', 'Branches', 'refs', 'heads');
    const outside = fs.mkdtempSync(`${t.dataDir}-outside-`);
    fs.writeFileSync(path.join(outside, 'secret'), `${'ab'.repeat(32)}\n`);
    fs.symlinkSync('loop', path.join(heads, 'loop'));
    fs.symlinkSync(outside, path.join(heads, 'ext'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(heads, 'leak'));
    try {
      const list = await t.req(`${repo}/branches`);
      expect(list.status).toBe(200);
      const names = ((await list.json()) as { name: string }[]).map((b) => b.name);
      expect(names).toContain('main');
      for (const n of ['loop', 'ext/secret', 'leak']) expect(names).not.toContain(n);
      for (const branch of ['loop', 'ext/pwn', 'leak']) {
        const r = await moveRef(branch);
        expect(r.status, branch).toBe(400);
        expect(r.body.code, branch).toBe('INVALID_PATH');
      }
      const leak = await t.req(`${repo}/commits?branch=leak`);
      expect(leak.status).toBeGreaterThanOrEqual(400);
      expect(leak.status).toBeLessThan(500);
      expect(await leak.text()).not.toContain('ab'.repeat(32));
      expect(fs.readdirSync(outside)).toEqual(['secret']);
    } finally {
      for (const n of ['loop', 'ext', 'leak']) fs.unlinkSync(path.join(heads, n));
      fs.rmSync(outside, { recursive: true });
    }
  });
});
