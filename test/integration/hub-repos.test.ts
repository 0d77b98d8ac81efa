import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let ana: string;
let bob: string;
let cli: string;
beforeAll(async () => {
  t = await startHub();
  ana = await addUser(t, 'ana', 'producer');
  bob = await addUser(t, 'bob', 'producer');
  cli = await addUser(t, 'cli', 'client');
});
afterAll(async () => {
  await t.stop();
});

const repo = '/api/repos/community/MySong.logicx';

describe('repositories over HTTP', () => {
  it('creates a repository as a folder under <data>/<ns>/<name>/, names as given', async () => {
    const res = await t.req(repo, {
      method: 'POST',
      token: ana,
      json: { description: 'first song' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      namespace: 'community',
      name: 'MySong.logicx',
      path: 'community/MySong.logicx',
      description: 'first song',
      owner: 'ana',
      visibility: 'team',
    });
    expect(fs.statSync(path.join(t.dataDir, 'community', 'MySong.logicx')).isDirectory()).toBe(
      true,
    );
    const spaced = await t.req('/api/repos/Studio%20A/Song%20With%20Spaces', {
      method: 'POST',
      token: ana,
    });
    expect(spaced.status).toBe(201);
    expect(fs.existsSync(path.join(t.dataDir, 'Studio A', 'Song With Spaces'))).toBe(true);
    expect((await t.req(repo, { method: 'POST', token: bob })).status).toBe(409);
  });

  it('refuses creation by a client', async () => {
    const res = await t.req('/api/repos/community/ClientSong', { method: 'POST', token: cli });
    expect(res.status).toBe(403);
    expect(fs.existsSync(path.join(t.dataDir, 'community', 'ClientSong'))).toBe(false);
  });

  it('lists and reads repositories in the Rust client’s shape', async () => {
    const list = (await (await t.req('/api/repos', { token: cli })).json()) as Record<
      string,
      unknown
    >[];
    expect(list.map((r) => `${r.namespace}/${r.name}`)).toEqual([
      'community/MySong.logicx',
      'Studio A/Song With Spaces',
    ]);
    for (const r of list)
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['namespace', 'name', 'path', 'description']),
      );
    const one = await t.req(repo, { token: cli });
    expect(one.status).toBe(200);
    expect((await t.req('/api/repos/community/Nope', { token: cli })).status).toBe(404);
  });

  it('makes a repository private to its owner and collaborators', async () => {
    expect(
      (
        await t.req(`${repo}/visibility`, {
          method: 'PUT',
          token: bob,
          json: { visibility: 'private' },
        })
      ).status,
    ).toBe(403);
    const set = await t.req(`${repo}/visibility`, {
      method: 'PUT',
      token: ana,
      json: { visibility: 'private' },
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ visibility: 'private' });

    // Hidden from non-members as if missing, and out of their listing.
    expect((await t.req(repo, { token: bob })).status).toBe(404);
    const bobList = (await (await t.req('/api/repos', { token: bob })).json()) as {
      name: string;
    }[];
    expect(bobList.map((r) => r.name)).not.toContain('MySong.logicx');

    const add = await t.req(`${repo}/collaborators`, {
      method: 'POST',
      token: ana,
      json: { username: 'bob' },
    });
    expect(add.status).toBe(200);
    expect(await add.json()).toMatchObject({ collaborators: ['bob'] });
    expect((await t.req(repo, { token: bob })).status).toBe(200);
    // A collaborator is not an administrator of the repository.
    expect(
      (
        await t.req(`${repo}/collaborators`, {
          method: 'POST',
          token: bob,
          json: { username: 'cli' },
        })
      ).status,
    ).toBe(403);

    const rm = await t.req(`${repo}/collaborators/bob`, { method: 'DELETE', token: ana });
    expect(await rm.json()).toMatchObject({ collaborators: [] });
    expect((await t.req(repo, { token: bob })).status).toBe(404);
    expect((await t.req(repo, { token: 'x'.repeat(20) })).status).toBe(401);
    // Admins see everything.
    expect((await t.req(repo)).status).toBe(200);
  });

  it('records a feed, newest first, paginated, with readable text', async () => {
    const first = await t.req(`${repo}/activity?limit=2`, { token: ana });
    expect(first.status).toBe(200);
    const page = (await first.json()) as {
      events: { id: string; type: string; actor: string; time: string; text: string }[];
      next: string;
    };
    expect(page.events.map((e) => e.type)).toEqual(['collaborator.removed', 'collaborator.added']);
    expect(page.events[0]).toMatchObject({
      actor: 'ana',
      text: 'ana removed bob from the collaborators',
    });
    expect(Date.parse(page.events[0]!.time)).toBeGreaterThan(0);
    const rest = (await (
      await t.req(`${repo}/activity?limit=10&before=${page.next}`, { token: ana })
    ).json()) as {
      events: { type: string }[];
      next: string | null;
    };
    expect(rest.events.map((e) => e.type)).toEqual(['repo.visibility', 'repo.created']);
    expect(rest.next).toBeNull();
    expect((await t.req(`${repo}/activity?limit=0`, { token: ana })).status).toBe(400);
    expect((await t.req(`${repo}/activity?before=../../x`, { token: ana })).status).toBe(400);
  });

  it('comments on a version: add, list, delete one’s own only; shown in the feed', async () => {
    const [id] = await seedRepo(path.join(t.dataDir, 'Studio A', 'Song With Spaces'), [
      { message: 'v1', files: { ProjectData: 'one' } },
    ]);
    const short = id!.slice(0, 12);
    const c = `/api/repos/Studio%20A/Song%20With%20Spaces/commits/${short}/comments`;
    const add = await t.req(c, { method: 'POST', token: cli, json: { body: 'love the bridge' } });
    expect(add.status).toBe(201);
    const comment = (await add.json()) as { id: string; author: string; body: string };
    expect(comment).toMatchObject({ author: 'cli', body: 'love the bridge', commit_id: id });
    await t.req(c, { method: 'POST', token: ana, json: { body: 'thanks' } });
    const list = (await (await t.req(c, { token: bob })).json()) as { author: string }[];
    expect(list.map((x) => x.author)).toEqual(['cli', 'ana']);
    expect((await t.req(`${c}/${comment.id}`, { method: 'DELETE', token: ana })).status).toBe(403);
    expect((await t.req(`${c}/${comment.id}`, { method: 'DELETE', token: cli })).status).toBe(204);
    expect((await t.req(`${c}/${comment.id}`, { method: 'DELETE', token: cli })).status).toBe(404);
    const feed = (await (
      await t.req('/api/repos/Studio%20A/Song%20With%20Spaces/activity', { token: cli })
    ).json()) as {
      events: { type: string; text: string }[];
    };
    expect(feed.events.map((e) => e.type).slice(0, 3)).toEqual([
      'comment.deleted',
      'comment.added',
      'comment.added',
    ]);
    expect(feed.events[2]!.text).toContain(`cli commented on ${short}: love the bridge`);
    // A version that is not stored takes no comment.
    const missing = `/api/repos/Studio%20A/Song%20With%20Spaces/commits/${'0'.repeat(64)}/comments`;
    expect((await t.req(missing, { method: 'POST', token: cli, json: { body: 'x' } })).status).toBe(
      404,
    );
    expect((await t.req(c, { method: 'POST', token: cli, json: { body: '   ' } })).status).toBe(
      400,
    );
  });

  it('deletes a repository: owner or admin only, folder gone', async () => {
    const p = '/api/repos/Studio%20A/Song%20With%20Spaces';
    expect((await t.req(p, { method: 'DELETE', token: bob })).status).toBe(403);
    expect((await t.req(p, { method: 'DELETE', token: ana })).status).toBe(204);
    expect(fs.existsSync(path.join(t.dataDir, 'Studio A'))).toBe(false);
    expect((await t.req(p, { token: ana })).status).toBe(404);
    expect((await t.req(p, { method: 'DELETE', token: ana })).status).toBe(404);
  });

  it('takes the feed and the comments with a deleted repository: one made again starts empty', async () => {
    const secret = '/api/repos/studio/Secret';
    await t.req(secret, { method: 'POST', token: ana, json: { visibility: 'private' } });
    const [c1] = await seedRepo(path.join(t.dataDir, 'studio', 'Secret'), [
      { message: 'v1', files: { ProjectData: 'lyrics' } },
    ]);
    const said = await t.req(`${secret}/commits/${c1}/comments`, {
      method: 'POST',
      token: ana,
      json: { body: 'TOP SECRET lyrics' },
    });
    expect(said.status).toBe(201);
    const dir = path.join(t.dataDir, 'studio', 'Secret');
    const copy = `${t.dataDir}-secret-copy`;
    fs.cpSync(dir, copy, { recursive: true });
    expect((await t.req(secret, { method: 'DELETE', token: ana })).status).toBe(204);

    // bob makes a team repository under the same name and pushes the very same version.
    expect((await t.req(secret, { method: 'POST', token: bob, json: {} })).status).toBe(201);
    fs.rmSync(dir, { recursive: true });
    fs.cpSync(copy, dir, { recursive: true });
    fs.rmSync(copy, { recursive: true });
    const feed = (await (await t.req(`${secret}/activity`, { token: cli })).json()) as {
      events: { type: string; text: string }[];
    };
    expect(feed.events.map((e) => e.type)).toEqual(['repo.created']);
    expect(JSON.stringify(feed)).not.toContain('SECRET');
    const comments = await t.req(`${secret}/commits/${c1}/comments`, { token: cli });
    expect(comments.status).toBe(200);
    expect(await comments.json()).toEqual([]);
  });

  it('keeps the feed of a repository whose percent-encoded name is longer than a file name', async () => {
    const name = '€'.repeat(85); // 255 bytes of UTF-8, 765 once percent-encoded
    const url = `/api/repos/studio/${encodeURIComponent(name)}`;
    const made = await t.req(url, { method: 'POST', token: ana, json: {} });
    expect(made.status).toBe(201);
    const feed = await t.req(`${url}/activity`, { token: ana });
    expect(feed.status).toBe(200);
    expect(((await feed.json()) as { events: { type: string }[] }).events[0]!.type).toBe(
      'repo.created',
    );
    expect((await t.req(url, { method: 'DELETE', token: ana })).status).toBe(204);
  });

  it('lets exactly one of many concurrent creations win', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.req('/api/repos/race/Same', { method: 'POST', token: ana }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
  });
});
