/**
 * The project page's history routes over HTTP: one paged answer per timeline page (size, files
 * changed, comments, snapshot, bounces), compare, and waveform peaks streamed from stored audio.
 */
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aiffFile, wavFile } from '../helpers/audio.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { seedRepo } from './helpers/seed.js';

let t: TestHub;
let cli: string;
let ids: string[];
const repo = '/api/repos/community/Song.logicx';
const bounce = wavFile(1, 44100, 220, 2);

interface Summary {
  id: string;
  message: string;
  size: number;
  files_changed: number;
  comment_count: number;
  snapshot: string | null;
  bounces: { path: string; size: number }[];
}

beforeAll(async () => {
  t = await startHub();
  cli = await addUser(t, 'cli', 'producer');
  expect((await t.req(repo, { method: 'POST', token: cli })).status).toBe(201);
  ids = await seedRepo(path.join(t.dataDir, 'community', 'Song.logicx'), [
    {
      message: 'first take',
      files: { 'Alternatives/000/ProjectData': 'v1', 'Bounces/Song.wav': bounce },
    },
    {
      message: 'new snapshot',
      files: { 'Alternatives/000/WindowImage.jpg': 'jpeg', 'notes.txt': 'x' },
    },
    {
      message: 'louder bounce',
      files: {
        'Bounces/Song.wav': wavFile(1, 44100, 440, 2),
        'Media/Audio Files/vox.aif': aiffFile(),
        'Media/Audio Files/lead.mp3': 'ID3 not really',
      },
    },
  ]);
});
afterAll(async () => {
  await t.stop();
});

describe('version summaries', () => {
  it('answers a page of summaries, newest first, with the next offset', async () => {
    const res = await t.req(`${repo}/versions?limit=2`, { token: cli });
    expect(res.status).toBe(200);
    const page = (await res.json()) as { head: string; versions: Summary[]; next_offset: number };
    expect(page.head).toBe(ids[2]);
    expect(page.next_offset).toBe(2);
    expect(page.versions.map((v) => v.message)).toEqual(['louder bounce', 'new snapshot']);
    const [top, mid] = page.versions;
    expect(top!.files_changed).toBe(3);
    expect(mid!.files_changed).toBe(2);
    expect(top!.snapshot).toBe('Alternatives/000/WindowImage.jpg');
    expect(top!.bounces).toEqual([{ path: 'Bounces/Song.wav', size: bounce.length }]);
    // Every file of the version: two audio files, the mp3 stand-in, snapshot, notes, ProjectData.
    expect(top!.size).toBe(bounce.length + aiffFile().length + 14 + 4 + 1 + 2);
    const last = (await (await t.req(`${repo}/versions?offset=2`, { token: cli })).json()) as {
      versions: Summary[];
      next_offset: number | null;
    };
    expect(last.next_offset).toBeNull();
    expect(last.versions[0]).toMatchObject({
      message: 'first take',
      snapshot: null,
      files_changed: 2,
    });
  });

  it('counts each version’s comments', async () => {
    const post = await t.req(`${repo}/commits/${ids[1]}/comments`, {
      method: 'POST',
      token: cli,
      json: { body: 'nice' },
    });
    expect(post.status).toBe(201);
    const page = (await (await t.req(`${repo}/versions`, { token: cli })).json()) as {
      versions: Summary[];
    };
    expect(page.versions.map((v) => v.comment_count)).toEqual([0, 1, 0]);
  });
});

describe('compare', () => {
  it('lists files added, removed and changed with sizes', async () => {
    const res = await t.req(`${repo}/compare?from=${ids[0]}&to=${ids[2]}`, { token: cli });
    expect(res.status).toBe(200);
    const c = (await res.json()) as {
      added: { path: string }[];
      removed: unknown[];
      changed: { path: string; old_size: number; new_size: number }[];
    };
    expect(c.added.map((f) => f.path).sort()).toEqual([
      'Alternatives/000/WindowImage.jpg',
      'Media/Audio Files/lead.mp3',
      'Media/Audio Files/vox.aif',
      'notes.txt',
    ]);
    expect(c.removed).toEqual([]);
    expect(c.changed).toEqual([
      { path: 'Bounces/Song.wav', old_size: bounce.length, new_size: bounce.length },
    ]);
  });

  it('refuses an unknown revision', async () => {
    const res = await t.req(`${repo}/compare?from=nope&to=${ids[2]}`, { token: cli });
    expect(res.status).toBeGreaterThanOrEqual(400);
  });
});

describe('peaks', () => {
  const peaks = async (commit: string, file: string, buckets = 100) =>
    (await (
      await t.req(
        `${repo}/commits/${commit}/peaks?path=${encodeURIComponent(file)}&buckets=${buckets}`,
        { token: cli },
      )
    ).json()) as {
      format: string | null;
      channels: number;
      sample_rate: number;
      duration_seconds: number;
      peaks: number[];
      reason?: string;
    };

  it('draws a WAV: quiet at the start of the swell, loud at its end', async () => {
    const p = await peaks(ids[0]!, 'Bounces/Song.wav');
    expect(p).toMatchObject({ format: 'wav', channels: 2, sample_rate: 44100 });
    expect(p.duration_seconds).toBeCloseTo(1, 2);
    expect(p.peaks.length).toBe(200);
    expect(p.peaks[199]!).toBeGreaterThan(0.8);
    expect(p.peaks[1]!).toBeLessThan(0.05);
  });

  it('draws a big-endian AIFF with its 80-bit sample rate', async () => {
    const p = await peaks(ids[2]!, 'Media/Audio Files/vox.aif', 50);
    expect(p).toMatchObject({ format: 'aiff', channels: 1, sample_rate: 48000 });
    expect(Math.max(...p.peaks)).toBeGreaterThan(0.8);
    expect(Math.min(...p.peaks)).toBeLessThan(-0.8);
  });

  it('gives a reason instead of peaks for a compressed file, and 404 for a missing one', async () => {
    const p = await peaks(ids[2]!, 'Media/Audio Files/lead.mp3');
    expect(p.format).toBeNull();
    expect(p.peaks).toEqual([]);
    expect(p.reason).toMatch(/not an uncompressed/);
    const missing = await t.req(`${repo}/commits/${ids[0]}/peaks?path=nope.wav`, { token: cli });
    expect(missing.status).toBe(404);
  });

  it('serves the audio file itself in ranges, typed for the <audio> element', async () => {
    const res = await t.req(
      `${repo}/commits/${ids[0]}/file?path=${encodeURIComponent('Bounces/Song.wav')}`,
      { token: cli, headers: { Range: 'bytes=0-1023' } },
    );
    expect(res.status).toBe(206);
    expect(res.headers.get('content-type')).toBe('audio/wav');
    expect(res.headers.get('content-range')).toBe(`bytes 0-1023/${bounce.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bounce.subarray(0, 1024))).toBe(true);
  });
});
