/**
 * The route table of src-shared/api/ against a real hub: every route of the table is mounted and
 * nothing else is, and the typed client (fetch only) drives every JSON route, each answer
 * checked against its schema by both ends (the hub runs with AUXIN_CHECK_RESPONSES=1).
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../src-shared/api/client.js';
import type { LiveEvent } from '../../src-shared/api/events.js';
import { allRoutes, api } from '../../src-shared/api/routes.js';
import { AuxinError } from '../../src-shared/errors.js';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let admin: ApiClient;
let ids: string[];
const repo = { ns: 'studio', name: 'Song.logicx' };

beforeAll(async () => {
  expect(process.env.AUXIN_CHECK_RESPONSES).toBe('1');
  t = await startHub();
  admin = createApiClient({ baseUrl: t.url, auth: { token: ADMIN_TOKEN } });
  await admin.call(api.repos.create, { params: repo, body: { description: 'demo' } });
  ids = await seedRepo(path.join(t.dataDir, repo.ns, repo.name), [
    { message: 'first', author: 'ana', files: { ProjectData: 'v1', 'Bounces/mix.wav': 'RIFF' } },
    { message: 'second', author: 'ben', files: { ProjectData: 'v2' } },
  ]);
});
afterAll(async () => {
  await t?.stop();
});

describe('the route table', () => {
  it('is exactly what the hub mounts', () => {
    const key = (method: string, p: string) => `${method} ${p}`;
    const table = new Set(allRoutes().map(([, r]) => key(r.method, r.path)));
    const mounted = new Set(t.hub.mounted.map((m) => key(m.method, m.path)));
    expect([...table].filter((k) => !mounted.has(k))).toEqual([]);
    expect([...mounted].filter((k) => !table.has(k))).toEqual([]);
    expect(table.size).toBe(allRoutes().length);
  });
});

describe('the typed client against a real hub', () => {
  it('reads repositories, history, metadata and activity', async () => {
    const list = await admin.call(api.repos.list, { query: { metadata: '1' } });
    expect(list.map((r) => r.name)).toEqual([repo.name]);
    expect((await admin.call(api.repos.get, { params: repo })).description).toBe('demo');
    const branches = await admin.call(api.history.branches, { params: repo });
    expect(branches).toEqual([{ name: 'main', commit_id: ids[1], is_head: true }]);
    const commits = await admin.call(api.history.commits, { params: repo, query: { limit: 5 } });
    expect(commits.map((c) => c.message)).toEqual(['second', 'first']);
    const one = await admin.call(api.history.commit, { params: { ...repo, commit: ids[0]! } });
    expect(one.id).toBe(ids[0]);
    const tree = await admin.call(api.history.tree, { params: { ...repo, commit: 'main' } });
    expect(tree.entries.map((e) => e.path)).toContain('ProjectData');
    const file = await fetch(
      admin.url(api.history.file, {
        params: { ...repo, commit: ids[0]! },
        query: { path: 'ProjectData' },
      }),
      { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } },
    );
    expect(await file.text()).toBe('v1');
    const diff = await admin.call(api.metadata.diff, {
      params: repo,
      query: { from: ids[0]!, to: ids[1]! },
    });
    expect(diff.from).toBe(ids[0]);
    const meta = await admin.call(api.metadata.get, { params: { ...repo, commit: ids[1]! } });
    expect(meta.commit_id).toBe(ids[1]);
    const posted = await admin.call(api.metadata.post, {
      params: { ...repo, commit: ids[1]! },
      body: { bpm: 124, key_signature: 'A minor' },
    });
    expect(posted).toMatchObject({ attached: true, bpm: 124 });
    const local = await admin.call(api.metadata.localProjects);
    expect(local).toEqual({ watching: [], ready: true, projects: [] });
    const refs = await admin.call(api.sync.refs, { params: repo, query: { op: 'pull' } });
    expect(refs.branches).toEqual([{ name: 'main', commit_id: ids[1] }]);
  });

  it('manages accounts, sessions, collaborators and visibility', async () => {
    const created = await admin.call(api.users.create, {
      body: { username: 'ana', role: 'producer', password: 'correct horse battery' },
    });
    expect(created.user.username).toBe('ana');
    expect((await admin.call(api.users.list)).map((u) => u.username)).toContain('ana');
    const login = await createApiClient({ baseUrl: t.url }).call(api.auth.login, {
      body: { username: 'ana', password: 'correct horse battery' },
    });
    const ana = createApiClient({ baseUrl: t.url, auth: { token: login.token } });
    expect((await ana.call(api.auth.me)).user.role).toBe('producer');
    const issued = await ana.call(api.users.issueToken, {
      params: { username: 'ana' },
      body: { label: 'laptop' },
    });
    const tokens = await ana.call(api.users.tokens, { params: { username: 'ana' } });
    expect(tokens.map((k) => k.label)).toContain('laptop');
    await ana.call(api.users.revokeToken, { params: { username: 'ana', id: issued.token_id } });
    await ana.call(api.auth.logout);
    await expect(ana.call(api.auth.me)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      status: 401,
    });

    let r = await admin.call(api.repos.addCollaborator, {
      params: repo,
      body: { username: 'ana' },
    });
    expect(r.collaborators).toEqual(['ana']);
    r = await admin.call(api.repos.removeCollaborator, { params: { ...repo, username: 'ana' } });
    expect(r.collaborators).toEqual([]);
    await admin.call(api.repos.addCollaborator, { params: repo, body: { username: 'ana' } });
    r = await admin.call(api.repos.removeCollaboratorByBody, {
      params: repo,
      body: { username: 'ana' },
    });
    expect(r.collaborators).toEqual([]);
    r = await admin.call(api.repos.setVisibility, {
      params: repo,
      body: { visibility: 'private' },
    });
    expect(r.visibility).toBe('private');
    await admin.call(api.repos.setVisibility, { params: repo, body: { visibility: 'team' } });
  });

  it('takes, renews and gives back a lock, and comments, seen live on the event stream', async () => {
    const seen: LiveEvent[] = [];
    const stop = new AbortController();
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const stream = admin.events({
      repo: `${repo.ns}/${repo.name}`,
      signal: stop.signal,
      onOpen: opened,
      onEvent: (e) => seen.push(e),
    });
    await open;
    const lock = await admin.call(api.locks.acquire, {
      params: repo,
      body: { machine_id: 'studio-mac', reason: 'mixing' },
    });
    expect(await admin.call(api.locks.status, { params: repo })).toEqual({ locked: true, lock });
    const renewed = await admin.call(api.locks.heartbeat, {
      params: repo,
      body: { lock_id: lock.lock_id, machine_id: 'studio-mac' },
    });
    expect(renewed.lock_id).toBe(lock.lock_id);
    expect(await admin.call(api.locks.notify, { params: repo })).toMatchObject({ locked: true });
    const released = await admin.call(api.locks.release, {
      params: repo,
      body: { lock_id: lock.lock_id, machine_id: 'studio-mac' },
    });
    expect(released.released).toBe(true);
    await admin.call(api.locks.acquire, { params: repo, body: { machine_id: 'other' } });
    const forced = await admin.call(api.locks.forceRelease, {
      params: repo,
      body: { reason: 'left for the day' },
    });
    expect(forced.released).toBe(true);

    const params = { ...repo, commit: ids[1]! };
    const c = await admin.call(api.comments.create, { params, body: { body: 'nice **mix**' } });
    expect((await admin.call(api.comments.list, { params })).map((x) => x.id)).toEqual([c.id]);
    await admin.call(api.comments.remove, { params: { ...params, id: c.id } });

    const page = await admin.call(api.activity.repo, { params: repo, query: { limit: 3 } });
    expect(page.events[0]!.type).toBe('comment.deleted');

    const deadline = Date.now() + 5000;
    while (!seen.some((e) => e.type === 'comment.deleted') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    stop.abort();
    await stream;
    const types = seen.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'lock.acquired',
        'lock.released',
        'lock.force_released',
        'comment.added',
        'comment.deleted',
      ]),
    );
    const acquired = seen.find((e) => e.type === 'lock.acquired');
    expect(acquired?.data).toMatchObject({ actor: 'admin', details: { reason: 'mixing' } });
  });

  it('turns error answers into AuxinError with the hub code, and a dead hub into REMOTE_UNREACHABLE', async () => {
    const missing = await admin
      .call(api.repos.get, { params: { ns: 'studio', name: 'Nope.logicx' } })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(AuxinError);
    expect(missing).toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const bad = await admin
      .call(api.locks.acquire, { params: repo, body: { machine_id: ' ' } })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'VALIDATION_FAILED', status: 400 });
    const dead = createApiClient({ baseUrl: 'http://127.0.0.1:9' });
    await expect(dead.call(api.auth.me)).rejects.toMatchObject({ code: 'REMOTE_UNREACHABLE' });
  });
});
