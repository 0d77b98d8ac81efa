import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  FsEventType,
  FsWatchAdapter,
  FsWatchHandlers,
} from '../../src-main/logic/fs-watch.js';
import { ProjectWatcher } from '../../src-main/logic/watcher.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle, simulateSave } from '../helpers/logic-save.js';

/** Events come from the test, not the filesystem: the aggregation alone is under test. */
class FakeAdapter implements FsWatchAdapter {
  handlers?: FsWatchHandlers;
  start(_roots: string[], _ignored: (p: string) => boolean, h: FsWatchHandlers) {
    this.handlers = h;
    setImmediate(() => h.ready());
  }
  emit(type: FsEventType, p: string) {
    this.handlers!.event(type, p);
  }
  async close() {}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let dir: string;
let song: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-fakewatch-'));
  song = await copyBundle(mitBundle('F0_baseline'), dir, 'Song.logicx');
});
afterEach(() => fsp.rm(dir, { recursive: true, force: true }));

describe('ProjectWatcher aggregation (fake filesystem events)', () => {
  it('reads once per burst of state-file events, and never for media events', async () => {
    const fake = new FakeAdapter();
    const w = new ProjectWatcher([dir], { quietMs: 150, stableMs: 10, adapter: fake });
    const seen: string[] = [];
    w.on('project.added', () => seen.push('added'));
    w.on('project.updated', (e) => seen.push(e.diff.text));
    await w.start();
    expect(seen).toEqual([]); // the fake scan reported nothing

    fake.emit('add', path.join(song, 'Alternatives/000/ProjectData'));
    await sleep(400);
    await w.whenIdle();
    expect(seen).toEqual(['added']);

    // The save is on disk already: a read now would report it, so media events must not read.
    await simulateSave(song, { BeatsPerMinute: 90 });
    fake.emit('change', path.join(song, 'Media/Audio Files/take.wav'));
    fake.emit('change', path.join(song, 'Alternatives/000/Autosave/1.songData'));
    fake.emit('change', path.join(song, 'Alternatives/000/Project File Backups/00/MetaData.plist'));
    fake.emit('change', path.join(song, 'Alternatives/000/WindowImage.jpg'));
    await sleep(400);
    await w.whenIdle();
    expect(seen).toEqual(['added']);

    for (let i = 0; i < 5; i++) {
      fake.emit('change', path.join(song, 'Alternatives/000/MetaData.plist'));
      await sleep(60); // under the quiet period: one burst
    }
    await sleep(400);
    await w.whenIdle();
    expect(seen).toEqual(['added', 'tempo 120 → 90']);
    await w.close();
  });

  it('reports removal when the bundle is gone at settle time', async () => {
    const fake = new FakeAdapter();
    const w = new ProjectWatcher([dir], { quietMs: 100, stableMs: 5, adapter: fake });
    const seen: string[] = [];
    w.on('project.added', (e) => seen.push(`added ${path.basename(e.path)}`));
    w.on('project.removed', (e) => seen.push(`removed ${path.basename(e.path)}`));
    await w.start();
    fake.emit('addDir', song);
    await sleep(300);
    await w.whenIdle();
    await fsp.rm(song, { recursive: true });
    fake.emit('unlinkDir', song);
    await sleep(300);
    await w.whenIdle();
    expect(seen).toEqual(['added Song.logicx', 'removed Song.logicx']);
    await w.close();
  });
});
