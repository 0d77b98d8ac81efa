import { describe, expect, it } from 'vitest';
import { describeChange, describeChanges, headlineChanges } from './wording.js';

const c = (field: string, from: unknown, to: unknown, extra = {}) => ({
  field,
  from,
  to,
  text: `${field} changed`,
  ...extra,
});

describe('the metadata diff in a musician’s words', () => {
  it('writes tempo, key, meter, sample rate and tracks as a producer says them', () => {
    expect(describeChange(c('bpm', 120, 124))).toBe('Tempo 120 → 124 BPM');
    expect(describeChange(c('bpm', 137.5, 120))).toBe('Tempo 137.5 → 120 BPM');
    expect(describeChange(c('key_signature', 'C major', 'A minor'))).toBe('Key C major → A minor');
    expect(describeChange(c('time_signature', '4/4', '6/8'))).toBe('Time signature 4/4 → 6/8');
    expect(describeChange(c('sample_rate', 44100, 48000))).toBe('Sample rate 44.1 → 48 kHz');
    expect(describeChange(c('sample_rate', 96000, 88200))).toBe('Sample rate 96 → 88.2 kHz');
    expect(describeChange(c('track_count', 12, 14))).toBe('Tracks 12 → 14');
    expect(
      describeChange(c('track_count', 12, 14, { added: ['Vocals 2', 'Pad'], removed: [] })),
    ).toBe('Tracks 12 → 14 (+ Vocals 2, + Pad)');
  });

  it('says "unknown" for a side the hub could not read, never a made-up value', () => {
    expect(describeChange(c('bpm', undefined, 124))).toBe('Tempo unknown → 124 BPM');
    expect(describeChange(c('sample_rate', 48000, null))).toBe('Sample rate 48 → unknown kHz');
  });

  it('counts map events and audio files', () => {
    expect(describeChange(c('tempo_map', [{}, {}], [{}, {}, {}]))).toBe('Tempo map 2 → 3 changes');
    expect(
      describeChange(
        c('audio_files.used', undefined, undefined, { added: ['a', 'b'], removed: ['c'] }),
      ),
    ).toBe('Audio files: 2 added, 1 removed');
  });

  it('falls back to the hub’s own words for a field it does not know', () => {
    expect(describeChange({ field: 'mood', text: 'mood darker' })).toBe('Mood darker');
  });

  it('puts the musical facts first, and keeps only those (and maps) for a timeline row', () => {
    const all = [
      c('logic_version', '11.1', '11.2'),
      c('sample_rate', 44100, 48000),
      c('bpm', 120, 124),
    ];
    expect(describeChanges(all)).toEqual([
      'Tempo 120 → 124 BPM',
      'Sample rate 44.1 → 48 kHz',
      'Saved with Logic 11.1 → 11.2',
    ]);
    expect(headlineChanges(all)).toEqual(['Tempo 120 → 124 BPM', 'Sample rate 44.1 → 48 kHz']);
  });
});
