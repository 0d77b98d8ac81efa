import { describe, expect, it } from 'vitest';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { diffMetadata } from '../../src-main/logic/diff.js';

const a: LogicMetadata = {
  name: 'Song',
  kind: 'logicx',
  bpm: 120,
  sample_rate: 44100,
  key_signature: 'C major',
  key: { tonic: 'C', mode: 'major', code: 7 },
  time_signature: '4/4',
  track_count: 3,
  audio_files: { used: ['Media/Audio Files/a.wav'], unused: [], missing: [] },
  tempo_map: [{ tick: 0, bpm: 120 }],
  warnings: [],
};

describe('diffMetadata', () => {
  it('describes tempo, key, tracks and audio changes in words', () => {
    const b: LogicMetadata = {
      ...a,
      bpm: 124,
      key_signature: 'A minor',
      key: { tonic: 'A', mode: 'minor', code: 23 },
      track_count: 5,
      audio_files: { used: ['Media/Audio Files/a.wav', 'x', 'y', 'z'], unused: [], missing: [] },
      tempo_map: [{ tick: 0, bpm: 124 }],
      warnings: ['ignored'],
    };
    const d = diffMetadata(a, b);
    expect(d.text).toBe('tempo 120 → 124, C major → A minor, 2 tracks added, 3 audio files added');
    expect(d.changes.map((c) => c.field)).not.toContain('tempo_map');
    expect(d.changes.find((c) => c.field === 'audio_files.used')?.added).toEqual(['x', 'y', 'z']);
    expect(d.changes.find((c) => c.field === 'bpm')).toMatchObject({ from: 120, to: 124 });
  });

  it('says the tempo map changed only when it changed beyond the project tempo', () => {
    const ramp = {
      ...a,
      bpm: 124,
      tempo_map: [
        { tick: 0, bpm: 124 },
        { tick: 3840, bpm: 130 },
      ],
    };
    expect(diffMetadata(a, ramp).text).toBe('tempo 120 → 124, tempo map changed (1 → 2 events)');
    const moved = { ...a, tempo_map: [{ tick: 960, bpm: 120 }] };
    expect(diffMetadata(a, moved).text).toBe('tempo map changed (1 → 1 events)');
    // The map's first tempo changed, but not to the project tempo read beside it.
    const odd = { ...a, bpm: 124, tempo_map: [{ tick: 0, bpm: 100 }] };
    expect(diffMetadata(a, odd).text).toBe('tempo 120 → 124, tempo map changed (1 → 1 events)');
    const both = {
      ...ramp,
      bpm: 126,
      tempo_map: [
        { tick: 0, bpm: 126 },
        { tick: 3840, bpm: 130 },
      ],
    };
    expect(diffMetadata(ramp, both).text).toBe('tempo 124 → 126');
  });

  it('is empty for equal readings, whatever the warnings', () => {
    expect(diffMetadata(a, { ...a, warnings: ['x'] })).toEqual({ changes: [], text: '' });
  });

  it('says unknown for absent values and counts removals', () => {
    const b = {
      ...a,
      bpm: undefined,
      track_count: 1,
      audio_files: { used: [], unused: [], missing: [] },
    };
    expect(diffMetadata(a, b).text).toBe(
      'tempo 120 → unknown, 2 tracks removed, 1 audio file removed',
    );
  });
});
