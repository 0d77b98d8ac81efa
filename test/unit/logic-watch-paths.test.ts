import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettleAggregator, type Clock } from '../../src-main/logic/aggregator.js';
import { createIgnore, locateBundle } from '../../src-main/logic/watch-paths.js';

describe('watch path filter', () => {
  const root = path.resolve('/lib/.hidden-root');
  const ignore = createIgnore([root]);
  const p = (rel: string) => path.join(root, ...rel.split('/'));

  it('watches folders and the state files of bundles', () => {
    for (const rel of [
      '',
      'Album',
      'Album/Song.logicx',
      'Song.logicx/Alternatives',
      'Song.logicx/Alternatives/000',
      'Song.logicx/Alternatives/000/ProjectData',
      'Song.logicx/Alternatives/001/MetaData.plist',
      'Song.logicx/Resources',
      'Song.logicx/Resources/ProjectInformation.plist',
      'Okna.BAND/Alternatives/000/MetaData.plist',
    ]) {
      expect(ignore(p(rel)), rel).toBe(false);
    }
  });

  it('ignores media, autosave, undo, backups, UI state, dot-files and safe-save folders', () => {
    for (const rel of [
      'Song.logicx/Media',
      'Song.logicx/Media/Audio Files/a.wav',
      'Song.logicx/Alternatives/000/Autosave',
      'Song.logicx/Alternatives/000/Undo Data.nosync',
      'Song.logicx/Freeze Files.nosync',
      'Song.logicx/Alternatives/000/Project File Backups',
      'Song.logicx/Alternatives/000/Project File Backups/00/MetaData.plist',
      'Song.logicx/Alternatives/000/DisplayState.plist',
      'Song.logicx/Alternatives/000/DisplayStateArchive',
      'Song.logicx/Alternatives/000/WindowImage.jpg',
      'Song.logicx/Alternatives/.DS_Store',
      'Song.logicx/Resources/other.plist',
      'Song.logicx/projectData',
      '.Trash/Song.logicx',
      '(A Document Being Saved By Logic Pro)/Song.logicx',
    ]) {
      expect(ignore(p(rel)), rel).toBe(true);
    }
  });

  it('locates the bundle of a path', () => {
    expect(locateBundle(p('A/Song.logicx/Alternatives/000/ProjectData'))).toEqual({
      bundle: p('A/Song.logicx'),
      rel: 'Alternatives/000/ProjectData',
    });
    expect(locateBundle(p('A/b.wav'))).toBeUndefined();
  });
});

describe('SettleAggregator', () => {
  function fakeClock() {
    let now = 0;
    const timers = new Map<number, { at: number; fn: () => void }>();
    let id = 0;
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms) => (timers.set(++id, { at: now + ms, fn }), id),
      clearTimeout: (h) => void timers.delete(h as number),
    };
    const advance = (ms: number) => {
      const end = now + ms;
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].at - b[1].at)[0];
        if (!next || next[1].at > end) break;
        now = next[1].at;
        timers.delete(next[0]);
        next[1].fn();
      }
      now = end;
    };
    return { clock, advance };
  }

  it('fires once per burst, after the quiet period', () => {
    const { clock, advance } = fakeClock();
    const fired: string[] = [];
    const agg = new SettleAggregator(
      { quietMs: 2000, maxWaitMs: 10_000 },
      (k) => fired.push(k),
      clock,
    );
    agg.touch('a');
    advance(1500);
    agg.touch('a');
    agg.touch('b');
    advance(1999);
    expect(fired).toEqual([]);
    advance(1);
    expect(fired.sort()).toEqual(['a', 'b']);
    advance(10_000);
    expect(fired).toHaveLength(2);
  });

  it('fires at the maximum wait when events never stop', () => {
    const { clock, advance } = fakeClock();
    const fired: number[] = [];
    const agg = new SettleAggregator(
      { quietMs: 2000, maxWaitMs: 5000 },
      () => fired.push(clock.now()),
      clock,
    );
    for (let t = 0; t < 8000; t += 500) {
      agg.touch('a');
      advance(500);
    }
    expect(fired[0]).toBe(5000);
  });
});
