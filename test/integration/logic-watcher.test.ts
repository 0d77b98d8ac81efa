import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectWatcher, type ProjectWatcherEvents } from '../../src-main/logic/watcher.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle, simulateSave } from '../helpers/logic-save.js';

const QUIET = 250;
type Ev = { type: keyof ProjectWatcherEvents; path?: string; text?: string; bpm?: number };

let dir: string;
let watcher: ProjectWatcher;
let events: Ev[];

async function startWatcher(): Promise<void> {
  watcher = new ProjectWatcher([dir], { quietMs: QUIET, stableMs: 30 });
  events = [];
  watcher.on('project.added', (e) =>
    events.push({ type: 'project.added', path: e.path, bpm: e.metadata.bpm }),
  );
  watcher.on('project.updated', (e) =>
    events.push({ type: 'project.updated', path: e.path, text: e.diff.text, bpm: e.metadata.bpm }),
  );
  watcher.on('project.removed', (e) => events.push({ type: 'project.removed', path: e.path }));
  watcher.on('project.unreadable', (e) =>
    events.push({ type: 'project.unreadable', path: e.path }),
  );
  await watcher.start();
}

/** Waits until `n` events arrived, then a few more quiet periods to catch any extra one. */
async function settle(n: number, timeoutMs = 8000): Promise<Ev[]> {
  const t0 = Date.now();
  while (events.length < n && Date.now() - t0 < timeoutMs)
    await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, QUIET * 4));
  await watcher.whenIdle();
  return events.splice(0);
}

/** Every path under `root` with its size and mtime. */
async function snapshot(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(root, { recursive: true })) {
    const st = await fsp.stat(path.join(root, e));
    out.push(`${e}:${st.size}:${st.mtimeMs}`);
  }
  return out.sort();
}

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-watch-'));
  await copyBundle(mitBundle('F0_baseline'), dir, 'Song.logicx');
  await fsp.mkdir(path.join(dir, 'Album'));
  await copyBundle(mitBundle('F21_multitrack_regions'), path.join(dir, 'Album'), 'Other.logicx');
});

afterEach(async () => {
  await watcher?.close();
  await fsp.rm(dir, { recursive: true, force: true });
});

describe('ProjectWatcher on a real folder', () => {
  it('reports the bundles found at start, and writes nothing in them', async () => {
    const before = await snapshot(dir);
    await startWatcher();
    const got = events.splice(0);
    expect(got.map((e) => path.basename(e.path!)).sort()).toEqual(['Other.logicx', 'Song.logicx']);
    expect(got.every((e) => e.type === 'project.added')).toBe(true);
    expect([...watcher.projects().keys()]).toHaveLength(2);
    const pd = await fsp.stat(path.join(dir, 'Song.logicx', 'Alternatives', '000', 'ProjectData'));
    const savedAt = Date.parse(watcher.projects().get(path.join(dir, 'Song.logicx'))!.saved_at!);
    expect(savedAt).toBeGreaterThanOrEqual(Math.floor(pd.mtimeMs));
    expect(await snapshot(dir)).toEqual(before);
  });

  it('turns one simulated Logic save into exactly one update with the right diff', async () => {
    await startWatcher();
    events.length = 0;
    const song = path.join(dir, 'Song.logicx');
    await simulateSave(song, { BeatsPerMinute: 124, NumberOfTracks: 3 });
    const got = await settle(1);
    expect(got).toEqual([
      { type: 'project.updated', path: song, text: 'tempo 120 → 124, 2 tracks added', bpm: 124 },
    ]);
  });

  it('says nothing for media, autosave and undo writes, or a save that changed nothing', async () => {
    await startWatcher();
    events.length = 0;
    const song = path.join(dir, 'Song.logicx');
    await fsp.mkdir(path.join(song, 'Media', 'Audio Files'), { recursive: true });
    await fsp.writeFile(path.join(song, 'Media', 'Audio Files', 'take.wav'), Buffer.alloc(100_000));
    await fsp.mkdir(path.join(song, 'Alternatives', '000', 'Autosave'), { recursive: true });
    await fsp.writeFile(path.join(song, 'Alternatives', '000', 'Autosave', '1.songData'), 'x');
    await simulateSave(song, {});
    expect(await settle(1, QUIET * 6)).toEqual([]);
  });

  it('reports a rename as removed + added, and a delete as removed', async () => {
    await startWatcher();
    events.length = 0;
    const other = path.join(dir, 'Album', 'Other.logicx');
    const renamed = path.join(dir, 'Album', 'Renamed.logicx');
    await fsp.rename(other, renamed);
    const got = await settle(2);
    expect(got).toContainEqual({ type: 'project.removed', path: other });
    expect(got).toContainEqual({ type: 'project.added', path: renamed, bpm: 120 });
    expect(got).toHaveLength(2);
    await fsp.rm(renamed, { recursive: true });
    expect(await settle(1)).toEqual([{ type: 'project.removed', path: renamed }]);
  });

  it('reports a Save As copy and a removed parent folder', async () => {
    await startWatcher();
    events.length = 0;
    const copy = await copyBundle(path.join(dir, 'Song.logicx'), dir, 'Song copy.logicx');
    expect(await settle(1)).toEqual([{ type: 'project.added', path: copy, bpm: 120 }]);
    await fsp.rm(path.join(dir, 'Album'), { recursive: true });
    expect(await settle(1)).toEqual([
      { type: 'project.removed', path: path.join(dir, 'Album', 'Other.logicx') },
    ]);
  });

  it('waits out a save written in pieces and reads the finished files', async () => {
    await startWatcher();
    events.length = 0;
    const song = path.join(dir, 'Song.logicx');
    const md = path.join(song, 'Alternatives', '000', 'MetaData.plist');
    const full = await fsp.readFile(md);
    await fsp.writeFile(md, full.subarray(0, 40));
    await new Promise((r) => setTimeout(r, QUIET / 3));
    await simulateSave(song, { BeatsPerMinute: 98 }, '000', full);
    const got = await settle(1);
    expect(got).toEqual([{ type: 'project.updated', path: song, text: 'tempo 120 → 98', bpm: 98 }]);
  });
});
