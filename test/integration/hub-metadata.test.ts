import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { openSse } from './helpers/sse.js';
import { ok } from '../helpers/cli.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

const FIXTURES = path.resolve('test/fixtures/logicx/jonkubis-LogicProFormatWriter');

/** Replace the bundle's contents with a fixture's (a new save of "the same" project). */
function saveAs(bundle: string, fixture: string): void {
  for (const n of fs.readdirSync(bundle)) fs.rmSync(path.join(bundle, n), { recursive: true });
  fs.cpSync(path.join(FIXTURES, `${fixture}.logicx`), bundle, { recursive: true });
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('metadata with every version on the hub', () => {
  let hub: TestHub;
  let work: string;
  let alice = '';
  let carol = '';
  let bundle = '';
  let dataDir = '';
  const repoPath = '/api/repos/studio/Song.logicx';
  const ids: string[] = [];

  beforeAll(async () => {
    work = tempDir('auxin-meta-').dir;
    dataDir = path.join(work, 'hub');
    hub = await startHub({ dataDir });
    alice = await addUser(hub, 'alice', 'producer');
    carol = await addUser(hub, 'carol', 'client');
    bundle = path.join(work, 'A', 'Song.logicx');
    fs.mkdirSync(bundle, { recursive: true });
    saveAs(bundle, 'F1_tempo');
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const as = (token: string) => ({
    cwd: bundle,
    token,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });
  /** Commit through the store API with no metadata at all: what a foreign client would push. */
  async function commitBare(message: string): Promise<string> {
    const store = fs.existsSync(path.join(work, 'A', '.Song.logicx.auxin'))
      ? Store.open(path.join(work, 'A', '.Song.logicx.auxin'))
      : await Store.init(bundle);
    const r = await store.commit({ message, author: 'alice' });
    expect(r.commit.metadata).toEqual({});
    ids.push(r.commit.id);
    return r.commit.id;
  }

  it('keeps a post for a version not received yet, reads a pushed version itself, attaches the post', async () => {
    const id = await commitBare('first take');
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song.logicx`], as(alice));
    await ok(['push'], as(alice));
    // The repository exists now; a second commit is posted (by prefix) before it is pushed.
    saveAs(bundle, 'F21_multitrack_regions');
    const id2 = await commitBare('three tracks');
    const body = {
      bpm: 99,
      sample_rate: 44100,
      key_signature: 'D minor',
      tags: null,
      custom: null,
    };
    const early = await hub.req(`${repoPath}/metadata/${id2.slice(0, 12)}`, {
      method: 'POST',
      token: alice,
      json: body,
    });
    expect(early.status).toBe(202);
    const pending = (await early.json()) as Json;
    expect(pending).toMatchObject({
      received: false,
      attached: false,
      bpm: 99,
      key_signature: 'D minor',
    });
    expect(pending.sources.bpm).toBe('client');
    expect(
      fs.readdirSync(path.join(hub.dataDir, 'studio', 'Song.logicx', 'metadata', 'pending')),
    ).toEqual([`${id2.slice(0, 12)}.json`]);

    const sse = await openSse(`${hub.url}/api/events?repo=studio/Song.logicx`, {
      Authorization: `Bearer ${alice}`,
    });
    await ok(['push'], as(alice));

    // First version: nobody posted anything; the hub read it from the stored chunks.
    const v1 = (await (
      await hub.req(`${repoPath}/metadata/${id}`, { token: carol })
    ).json()) as Json;
    expect(v1).toMatchObject({
      commit_id: id,
      received: true,
      bpm: 137.5,
      key_signature: 'C major',
    });
    expect(v1.sources).toMatchObject({ bpm: 'extracted', key_signature: 'extracted' });
    expect(v1.logic.tempo_map.length).toBeGreaterThan(0);
    expect(v1.tags).toBeUndefined();

    // Second version: the early post is attached; the hub's reading wins for musical facts.
    const v2 = (await (await hub.req(`${repoPath}/metadata/${id2}`)).json()) as Json;
    expect(v2).toMatchObject({ bpm: 120, track_count: 3, sample_rate: 44100, received: true });
    expect(v2.client).toMatchObject({ bpm: 99, key_signature: 'D minor', tags: null });
    expect(v2.sources.bpm).toBe('extracted');
    expect(
      fs.readdirSync(path.join(hub.dataDir, 'studio', 'Song.logicx', 'metadata', 'pending')),
    ).toEqual([]);

    await sse.reader.until(
      (r) => r.events.filter((e) => e.event === 'metadata.extracted').length >= 1,
    );
    sse.reader.abort();
    const feed = (await (await hub.req(`${repoPath}/activity`)).json()) as { events: Json[] };
    const extracted = feed.events.filter((e) => e.type === 'metadata.extracted');
    expect(extracted.map((e) => e.details.commit_id)).toEqual([id2, id]);
    expect(extracted[1]!.text).toContain('137.5 BPM, C major');
    expect(extracted[0]!.text).toContain('120 BPM');
    expect(extracted[0]!.text).toContain('2 tracks added');
  });

  it('lists commits with their metadata, and diffs two versions', async () => {
    const commits = (await (await hub.req(`${repoPath}/commits`)).json()) as Json[];
    expect(commits.map((c) => c.id)).toEqual([ids[1], ids[0]]);
    expect(commits[0]!.version_metadata).toMatchObject({ bpm: 120, track_count: 3 });
    expect(commits[1]!.version_metadata).toMatchObject({ bpm: 137.5, key_signature: 'C major' });
    const one = (await (await hub.req(`${repoPath}/commits/${ids[0]}`)).json()) as Json;
    expect(one.version_metadata.bpm).toBe(137.5);

    const res = await hub.req(`${repoPath}/metadata/diff?from=${ids[0]!.slice(0, 10)}&to=main`);
    expect(res.status).toBe(200);
    const diff = (await res.json()) as Json;
    expect(diff.from).toBe(ids[0]);
    expect(diff.to).toBe(ids[1]);
    expect(diff.text).toContain('tempo 137.5 → 120');
    expect(diff.text).toContain('2 tracks added');
    expect(diff.text).toContain('3 audio files added');
    expect(diff.changes.find((c: Json) => c.field === 'bpm')).toMatchObject({
      from: 137.5,
      to: 120,
    });
  });

  it('filters repositories by tempo range, key and text', async () => {
    await hub.req('/api/repos/studio/Empty', {
      method: 'POST',
      json: { description: 'no project' },
    });
    const names = async (q: string) => {
      const res = await hub.req(`/api/repos?${q}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as Json[]).map((r) => r.name);
    };
    expect(await names('bpm_min=110&bpm_max=130')).toEqual(['Song.logicx']);
    expect(await names('bpm_min=121')).toEqual([]);
    expect(await names('key=C')).toEqual(['Song.logicx']);
    expect(await names('key=c%20major')).toEqual(['Song.logicx']);
    expect(await names('key=Am')).toEqual([]);
    expect(await names('q=song')).toEqual(['Song.logicx']);
    expect(await names('q=project')).toEqual(['Empty']);
    expect((await names('q=&key=&bpm_min=')).sort()).toEqual(['Empty', 'Song.logicx']);
    const all = (await (await hub.req('/api/repos?metadata=1')).json()) as Json[];
    expect(all.find((r) => r.name === 'Song.logicx')!.metadata).toMatchObject({
      bpm: 120,
      commit_id: ids[1],
    });
    expect(all.find((r) => r.name === 'Empty')!.metadata).toBeNull();
    // Without filters the plain listing is untouched.
    const plain = (await (await hub.req('/api/repos')).json()) as Json[];
    expect(plain[0]).not.toHaveProperty('metadata');
    for (const bad of ['key=H', 'bpm_min=fast', 'bpm_min=130&bpm_max=120']) {
      const res = await hub.req(`/api/repos?${bad}`);
      expect(res.status, bad).toBe(400);
    }
  });

  it('answers clear errors for bad ids, bodies and callers', async () => {
    const cases: Array<[string, RequestInit & { json?: unknown; token?: string }, number, string]> =
      [
        [`${repoPath}/metadata/xyz123`, {}, 400, 'INVALID_COMMIT_ID'],
        [`${repoPath}/metadata/abc12`, {}, 400, 'INVALID_COMMIT_ID'],
        [`${repoPath}/metadata/${'a'.repeat(65)}`, {}, 400, 'INVALID_COMMIT_ID'],
        [`${repoPath}/metadata/abcdef12`, {}, 404, 'NO_METADATA'],
        [
          `${repoPath}/metadata/abcdef12`,
          { method: 'POST', json: { bpm: 'fast' } },
          400,
          'VALIDATION_FAILED',
        ],
        [
          `${repoPath}/metadata/abcdef12`,
          { method: 'POST', json: { tags: 'x' } },
          400,
          'VALIDATION_FAILED',
        ],
        [
          `${repoPath}/metadata/abcdef12`,
          { method: 'POST', json: { sample_rate: 44.1 } },
          400,
          'VALIDATION_FAILED',
        ],
        [
          `${repoPath}/metadata/abcdef12`,
          { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } },
          400,
          'INVALID_JSON',
        ],
        [
          // 5,000 levels in 40 KB: storing it would overflow JSON.stringify's stack (a 500).
          `${repoPath}/metadata/abcdef12`,
          {
            method: 'POST',
            body: `{"custom":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}`,
            headers: { 'content-type': 'application/json' },
          },
          400,
          'VALIDATION_FAILED',
        ],
        [
          `${repoPath}/metadata/abcdef12`,
          { method: 'POST', json: { bpm: 1 }, token: carol },
          403,
          'FORBIDDEN',
        ],
        [`${repoPath}/metadata/diff?from=main`, {}, 400, 'VALIDATION_FAILED'],
        [`${repoPath}/metadata/diff?from=main&to=nope`, {}, 404, 'UNKNOWN_REVISION'],
        ['/api/repos/studio/Nope/metadata/abcdef12', {}, 404, 'NOT_FOUND'],
      ];
    for (const [url, init, status, code] of cases) {
      const res = await hub.req(url, init);
      expect(res.status, url).toBe(status);
      expect(((await res.json()) as Json).code, url).toBe(code);
    }
    // The earlier client's body with tags and custom absent, upper-case hex: accepted and kept.
    const res = await hub.req(`${repoPath}/metadata/ABCDEF12`, {
      method: 'POST',
      token: alice,
      json: { bpm: 128.5, sample_rate: 48000, key_signature: 'A minor' },
    });
    expect(res.status).toBe(202);
    const got = (await (await hub.req(`${repoPath}/metadata/abcdef12`)).json()) as Json;
    expect(got).toMatchObject({
      bpm: 128.5,
      sample_rate: 48000,
      key_signature: 'A minor',
      received: false,
    });
    // Posting on a received version answers 200 and keeps tags and custom.
    const on = await hub.req(`${repoPath}/metadata/${ids[0]}`, {
      method: 'POST',
      token: alice,
      json: {
        bpm: null,
        sample_rate: null,
        key_signature: null,
        tags: ['demo'],
        custom: { mood: 'dark' },
      },
    });
    expect(on.status).toBe(200);
    expect((await on.json()) as Json).toMatchObject({
      tags: ['demo'],
      custom: { mood: 'dark' },
      bpm: 137.5,
    });
  });

  it('keeps posts and readings across a restart of the hub', async () => {
    await hub.stop();
    hub = await startHub({ dataDir });
    const pending = (await (await hub.req(`${repoPath}/metadata/abcdef12`)).json()) as Json;
    expect(pending).toMatchObject({ received: false, bpm: 128.5 });
    const v1 = (await (await hub.req(`${repoPath}/metadata/${ids[0]}`)).json()) as Json;
    expect(v1).toMatchObject({ bpm: 137.5, tags: ['demo'], sources: { bpm: 'extracted' } });
    const names = ((await (await hub.req('/api/repos?bpm_min=100')).json()) as Json[]).map(
      (r) => r.name,
    );
    expect(names).toEqual(['Song.logicx']);
  });
});
