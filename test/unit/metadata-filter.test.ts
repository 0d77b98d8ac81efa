import { describe, expect, it } from 'vitest';
import { keyMatches, parseKey, repoFilter } from '../../src-main/hub/metadata/filter.js';
import { mergeVersion } from '../../src-main/hub/metadata/merge.js';
import { runAfterPush } from '../../src-main/hub/after-push.js';
import type { RepoInfo } from '../../src-main/hub/types.js';

const row = (name: string, metadata: Record<string, unknown> | null) => ({
  namespace: 'studio',
  name,
  description: '',
  metadata: metadata as never,
});

describe('metadata filters', () => {
  it('parses keys spelled many ways, and refuses what is not a key', () => {
    expect(parseKey('A minor')).toEqual({ pitch: 9, mode: 'minor' });
    expect(parseKey('am')).toEqual({ pitch: 9, mode: 'minor' });
    expect(parseKey('F#m')).toEqual({ pitch: 6, mode: 'minor' });
    expect(parseKey('Gb major')).toEqual({ pitch: 6, mode: 'major' });
    expect(parseKey('Bb')).toEqual({ pitch: 10 });
    expect(parseKey('C♯ min')).toEqual({ pitch: 1, mode: 'minor' });
    expect(parseKey('CM')).toEqual({ pitch: 0, mode: 'major' });
    for (const bad of ['', 'H', 'C minor minor', 'A#b', '../etc', 'C\nminor x', 'x'.repeat(40)]) {
      expect(parseKey(bad), bad).toBeNull();
    }
    expect(keyMatches(parseKey('Gbm')!, 'F# minor')).toBe(true);
    expect(keyMatches(parseKey('F#')!, 'F# major')).toBe(true);
    expect(keyMatches(parseKey('F# major')!, 'F# minor')).toBe(false);
    expect(keyMatches(parseKey('C')!, undefined)).toBe(false);
  });

  it('filters by tempo range (inclusive), key and every word of the text', () => {
    const rows = [
      row('Slow', { bpm: 80, key_signature: 'A minor', tags: ['ballad'] }),
      row('Fast', { bpm: 174, key_signature: 'F# minor' }),
      row('None', null),
    ];
    const names = (q: Parameters<typeof repoFilter>[0]) =>
      rows.filter(repoFilter(q)).map((r) => r.name);
    expect(names({ bpm_min: 80, bpm_max: 80 })).toEqual(['Slow']);
    expect(names({ bpm_min: 100 })).toEqual(['Fast']);
    expect(names({ key: 'Gbm' })).toEqual(['Fast']);
    expect(names({ q: 'BALLAD slow' })).toEqual(['Slow']);
    expect(names({ q: 'ballad fast' })).toEqual([]);
    expect(names({})).toEqual(['Slow', 'Fast', 'None']);
    expect(() => repoFilter({ key: 'H' })).toThrow(/not a key/);
    expect(() => repoFilter({ bpm_min: 2, bpm_max: 1 })).toThrow(/above/);
  });
});

describe('merging a version metadata', () => {
  const reading = {
    name: 'Song',
    kind: 'logicx' as const,
    bpm: 124,
    key_signature: 'A minor',
    audio_files: { used: [], unused: [], missing: [] },
    warnings: [],
  };
  const post = {
    bpm: 99,
    sample_rate: 48000,
    key_signature: null,
    tags: ['x'],
    custom: null,
    received_at: 't',
    posted_as: 'abcdef',
    posted_by: 'ana',
  };
  it("prefers the hub's reading, then the commit's, then the client's; tags only from the client", () => {
    const v = mergeVersion(
      'id',
      true,
      { commit_id: 'id', extracted: reading, client: post },
      undefined,
    );
    expect(v).toMatchObject({
      bpm: 124,
      key_signature: 'A minor',
      sample_rate: 48000,
      tags: ['x'],
    });
    expect(v.sources).toEqual({
      bpm: 'extracted',
      key_signature: 'extracted',
      sample_rate: 'client',
      tags: 'client',
      logic: 'extracted',
    });
    expect(v.custom).toBeUndefined();
    expect(v.client).not.toHaveProperty('posted_by');
    const fromCommit = mergeVersion(
      'id',
      true,
      { commit_id: 'id', extracted: null },
      { ...reading, bpm: 90 },
      post,
    );
    expect(fromCommit).toMatchObject({ bpm: 90, sample_rate: 48000 });
    expect(fromCommit.sources.bpm).toBe('commit');
  });
});

describe('after-push listeners', () => {
  const repo = { namespace: 'n', name: 'r' } as RepoInfo;
  const user = { username: 'u', role: 'producer' as const };
  const update = { branch: 'main', old: null, new: 'x' };
  it('logs a failing listener instead of failing, and does not wait for a slow one', async () => {
    const warned: unknown[] = [];
    const logger = { warn: (o: unknown) => warned.push(o) } as never;
    let ran = 0;
    await runAfterPush(
      {
        logger,
        afterPush: [
          async () => {
            throw new Error('boom');
          },
          async () => {
            ran++;
          },
        ],
      },
      repo,
      user,
      update,
    );
    expect(warned).toHaveLength(1);
    expect(ran).toBe(1);
    const t0 = Date.now();
    await runAfterPush(
      { logger, afterPush: [() => new Promise((r) => setTimeout(r, 2000))] },
      repo,
      user,
      update,
      50,
    );
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
