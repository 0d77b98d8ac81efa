import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let cli: string;
let ids: string[];
const audio = randomBytes(300_000);
const repo = '/api/repos/community/MySong.logicx';

beforeAll(async () => {
  t = await startHub();
  cli = await addUser(t, 'cli', 'client');
  expect((await t.req(repo, { method: 'POST' })).status).toBe(201);
  ids = await seedRepo(path.join(t.dataDir, 'community', 'MySong.logicx'), [
    {
      message: 'first take',
      author: 'ana',
      files: { 'Media/Audio Files/take 1.wav': audio, ProjectData: 'v1' },
    },
    { message: 'bridge', author: 'ben', files: { ProjectData: 'v2' } },
    {
      message: 'mix',
      author: 'ana',
      files: { ProjectData: 'v3', 'notes.html': '<script>alert(1)</script>' },
    },
  ]);
});
afterAll(async () => {
  await t.stop();
});

describe('history over HTTP', () => {
  it('lists commits newest first with their real times, paginated', async () => {
    const res = await t.req(`${repo}/commits`, { token: cli });
    expect(res.status).toBe(200);
    const commits = (await res.json()) as {
      id: string;
      message: string;
      author: string;
      timestamp: string;
      parent_ids: string[];
    }[];
    expect(commits.map((c) => c.message)).toEqual(['mix', 'bridge', 'first take']);
    expect(commits.map((c) => c.id)).toEqual([...ids].reverse());
    expect(commits[0]!.parent_ids).toEqual([ids[1]]);
    const times = commits.map((c) => Date.parse(c.timestamp));
    expect(times[0]).toBeGreaterThan(times[2]!);
    expect(Date.now() - times[2]!).toBeLessThan(120_000);

    const page = await t.req(`${repo}/commits?limit=2`, { token: cli });
    expect(((await page.json()) as unknown[]).length).toBe(2);
    expect(page.headers.get('x-next-offset')).toBe('2');
    const last = (await (
      await t.req(`${repo}/commits?limit=2&offset=2`, { token: cli })
    ).json()) as { message: string }[];
    expect(last.map((c) => c.message)).toEqual(['first take']);
    const fromOld = (await (
      await t.req(`${repo}/commits?branch=${ids[1]}`, { token: cli })
    ).json()) as unknown[];
    expect(fromOld.length).toBe(2);
    expect((await t.req(`${repo}/commits?branch=nope`, { token: cli })).status).toBe(404);
    expect((await t.req(`${repo}/commits?limit=-1`, { token: cli })).status).toBe(400);
  });

  it('lists branches with the head marked', async () => {
    const res = await t.req(`${repo}/branches`, { token: cli });
    expect(await res.json()).toEqual([{ name: 'main', commit_id: ids[2], is_head: true }]);
  });

  it('returns an empty history for a new repository', async () => {
    expect((await t.req('/api/repos/community/Empty', { method: 'POST' })).status).toBe(201);
    expect(await (await t.req('/api/repos/community/Empty/commits')).json()).toEqual([]);
    expect(await (await t.req('/api/repos/community/Empty/branches')).json()).toEqual([]);
  });

  it('shows a version’s file tree', async () => {
    const res = await t.req(`${repo}/commits/${ids[0]}/tree`, { token: cli });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      commit_id: string;
      entries: { path: string; kind: string; size: number }[];
    };
    expect(body.commit_id).toBe(ids[0]);
    const files = body.entries.filter((e) => e.kind === 'file').map((e) => [e.path, e.size]);
    expect(files).toEqual(
      expect.arrayContaining([
        ['Media/Audio Files/take 1.wav', audio.length],
        ['ProjectData', 2],
      ]),
    );
    const short = await t.req(`${repo}/commits/${ids[0]!.slice(0, 10)}/tree`, { token: cli });
    expect(short.status).toBe(200);
    expect((await t.req(`${repo}/commits/${'0'.repeat(64)}/tree`, { token: cli })).status).toBe(
      404,
    );
  });

  it('streams a file whole and by Range', async () => {
    const file = `${repo}/commits/${ids[2]}/file?path=${encodeURIComponent('Media/Audio Files/take 1.wav')}`;
    const whole = await t.req(file, { token: cli });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-type')).toBe('audio/wav');
    expect(Buffer.from(await whole.arrayBuffer()).equals(audio)).toBe(true);

    const part = await t.req(file, { token: cli, headers: { Range: 'bytes=1000-199999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-199999/${audio.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(audio.subarray(1000, 200000))).toBe(true);

    const tail = await t.req(file, { token: cli, headers: { Range: 'bytes=-500' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(audio.subarray(audio.length - 500))).toBe(
      true,
    );
    const open = await t.req(file, {
      token: cli,
      headers: { Range: `bytes=${audio.length - 3}-` },
    });
    expect(open.status).toBe(206);
    expect((await open.arrayBuffer()).byteLength).toBe(3);

    const bad = await t.req(file, { token: cli, headers: { Range: `bytes=${audio.length}-` } });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${audio.length}`);
    expect(await bad.json()).toMatchObject({ code: 'RANGE_NOT_SATISFIABLE' });
    const ignored = await t.req(file, { token: cli, headers: { Range: 'bytes=0-1,5-6' } });
    expect(ignored.status).toBe(200);
    await ignored.arrayBuffer();

    // <audio src> cannot send headers: the file route takes ?token= like the live stream.
    const viaQuery = await fetch(`${t.url}${file}&token=${encodeURIComponent(cli)}`, {
      headers: { Range: 'bytes=0-9' },
    });
    expect(viaQuery.status).toBe(206);
    await viaQuery.arrayBuffer();
  });

  it('serves repository content as a download, never as a page, and only by tree path', async () => {
    const html = await t.req(`${repo}/commits/${ids[2]}/file?path=notes.html`, { token: cli });
    expect(html.headers.get('content-type')).toBe('application/octet-stream');
    expect(html.headers.get('content-disposition')).toMatch(/^attachment/);
    await html.arrayBuffer();
    for (const p of [
      '../../../etc/passwd',
      '/etc/passwd',
      'Media',
      'Media/../ProjectData',
      '.hub/users.json',
    ]) {
      const res = await t.req(`${repo}/commits/${ids[2]}/file?path=${encodeURIComponent(p)}`, {
        token: cli,
      });
      expect(res.status, p).toBe(404);
      expect(await res.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect((await t.req(`${repo}/commits/${ids[2]}/file`, { token: cli })).status).toBe(400);
  });
});
