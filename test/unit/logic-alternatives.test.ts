import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'plist';
import { describe, expect, it } from 'vitest';
import { keyFromCode } from '../../src-main/logic/keys.js';
import { readBundleFromFiles, readBundleFromSource } from '../../src-main/logic/reader.js';
import { createMemorySource } from '../../src-main/logic/source.js';
import { mitBundle } from '../helpers/logic-fixtures.js';

const xml = (v: Record<string, unknown>) => Buffer.from(build(v as never));
const pd = readFileSync(path.join(mitBundle('F9_tempometer'), 'Alternatives/000/ProjectData'));
const meta = (bpm: number, extra: Record<string, unknown> = {}) =>
  xml({
    BeatsPerMinute: bpm,
    SampleRate: 48000,
    SongKey: 'A',
    SongGenderKey: 'minor',
    SignatureKey: 23,
    SongSignatureNumerator: 3,
    SongSignatureDenominator: 4,
    NumberOfTracks: 2,
    ...extra,
  });

describe('alternatives', () => {
  it('honours ActiveVariant and VariantNamesV2 with {PROJECT_NAME}', async () => {
    const m = await readBundleFromSource(
      createMemorySource('Song.logicx', {
        'Alternatives/000/MetaData.plist': meta(100),
        'Alternatives/000/ProjectData': pd,
        'Alternatives/001/MetaData.plist': meta(124),
        'Alternatives/001/ProjectData': pd,
        'Resources/ProjectInformation.plist': xml({
          ActiveVariant: 1,
          VariantNames: { '0': 'old', '1': 'stale' },
          VariantNamesV2: { '0': '{PROJECT_NAME}', '1': '{PROJECT_NAME} - alt 1' },
          LastSavedFrom: 'Logic Pro Creator Studio 12.2 (6644)',
        }),
      }),
    );
    expect(m.alternative).toEqual({ index: 1, name: 'Song - alt 1' });
    expect(m.bpm).toBe(124);
    expect(m.key).toEqual({ tonic: 'A', mode: 'minor', code: 23 });
    expect(m.time_signature).toBe('3/4');
    expect(m.logic_version).toBe('12.2');
    expect(m.warnings.join()).not.toMatch(/newer than/);
  });

  it('warns when a Logic newer than the reader knows saved the project', async () => {
    const m = await readBundleFromSource(
      createMemorySource('S.logicx', {
        'Alternatives/000/MetaData.plist': meta(100),
        'Resources/ProjectInformation.plist': xml({ LastSavedFrom: 'Logic Pro 13.0 (7000)' }),
      }),
    );
    expect(m.logic_version).toBe('13.0');
    expect(m.bpm).toBe(100);
    expect(m.warnings.join()).toMatch(/newer than this reader knows/);
  });

  it('without ActiveVariant takes the lowest folder holding a ProjectData (Manzana ships only 003)', async () => {
    const m = await readBundleFromSource(
      createMemorySource('Manzana.logicx', {
        'Alternatives/001/MetaData.plist': meta(90),
        'Alternatives/003/MetaData.plist': meta(110),
        'Alternatives/003/ProjectData': pd,
      }),
    );
    expect(m.alternative).toEqual({ index: 3, name: 'Manzana' });
    expect(m.bpm).toBe(110);
    expect(m.warnings.join()).toMatch(/ProjectInformation.plist is missing/);
    expect(m.logic_version).toBeUndefined();
  });

  it('falls back, with a warning, when ActiveVariant names no folder', async () => {
    const m = await readBundleFromSource(
      createMemorySource('S.logicx', {
        'Alternatives/000/MetaData.plist': meta(100),
        'Resources/ProjectInformation.plist': xml({
          ActiveVariant: 5,
          VariantNames: { '0': 'First' },
        }),
      }),
    );
    expect(m.alternative).toEqual({ index: 0, name: 'First' });
    expect(m.warnings.join()).toMatch(/ActiveVariant 5/);
  });
});

describe('audio files', () => {
  it('resolves relative entries under Media/, keeps absolute ones, lists the missing', async () => {
    const m = await readBundleFromSource(
      createMemorySource('S.logicx', {
        'Alternatives/000/MetaData.plist': meta(100, {
          AudioFiles: [
            'Audio Files/a.wav',
            '/Library/Audio/Apple Loops/x.caf',
            'Audio Files/../../../etc/passwd',
          ],
          UnusedAudioFiles: ['Audio Files/gone.wav'],
        }),
        'Media/Audio Files/a.wav': Buffer.from('RIFF'),
      }),
    );
    expect(m.audio_files).toEqual({
      used: [
        'Media/Audio Files/a.wav',
        '/Library/Audio/Apple Loops/x.caf',
        'Audio Files/../../../etc/passwd',
      ],
      unused: ['Media/Audio Files/gone.wav'],
      missing: ['Media/Audio Files/gone.wav'],
    });
    expect(m.warnings.join()).toMatch(/points outside/);
  });

  it('resolves next to the bundle for a folder project', async () => {
    const m = await readBundleFromSource(
      createMemorySource('S.logicx', {
        'Alternatives/000/MetaData.plist': meta(100, { AudioFiles: ['Audio Files/a.wav'] }),
        'Resources/ProjectInformation.plist': xml({ HasProjectFolder: true }),
      }),
    );
    expect(m.audio_files.used).toEqual(['../Audio Files/a.wav']);
    expect(m.audio_files.missing).toEqual(['../Audio Files/a.wav']);
  });
});

describe('values never defaulted', () => {
  it('leaves out values of the wrong type, with a warning', async () => {
    const m = await readBundleFromSource(
      createMemorySource('S.logicx', {
        'Alternatives/000/MetaData.plist': xml({
          BeatsPerMinute: 'fast',
          SampleRate: -1,
          SongKey: 'H',
          SongGenderKey: 'major',
        }),
      }),
    );
    for (const k of [
      'bpm',
      'sample_rate',
      'key',
      'key_signature',
      'time_signature',
      'track_count',
    ] as const) {
      expect(m[k], k).toBeUndefined();
    }
    expect(m.warnings.join()).toMatch(/BeatsPerMinute, SampleRate, SongKey/);
  });
});

describe('key codes', () => {
  it('maps SignatureKey codes to keys (7 + fifths, + 16 for minor)', () => {
    expect(keyFromCode(7)).toEqual({ tonic: 'C', mode: 'major', code: 7 });
    expect(keyFromCode(8)).toMatchObject({ tonic: 'G', mode: 'major' });
    expect(keyFromCode(26)).toMatchObject({ tonic: 'F#', mode: 'minor' });
    expect(keyFromCode(27)).toMatchObject({ tonic: 'C#', mode: 'minor' });
    expect(keyFromCode(17)).toMatchObject({ tonic: 'Eb', mode: 'minor' });
    expect(keyFromCode(25)).toMatchObject({ tonic: 'B', mode: 'minor' });
    expect(keyFromCode(15)).toBeUndefined();
    expect(keyFromCode(99)).toBeUndefined();
  });
});

describe('readBundleFromFiles', () => {
  it('reads a bundle through two callbacks, as the hub does from stored chunks', async () => {
    const files = new Map<string, Buffer>([
      [
        'Alternatives/000/MetaData.plist',
        meta(111, { AudioFiles: ['Audio Files/a.wav', 'Audio Files/b.wav'] }),
      ],
      ['Alternatives/000/ProjectData', pd],
      ['Media/Audio Files/a.wav', Buffer.alloc(0)],
    ]);
    const asked: string[] = [];
    const src = createMemorySource('Hub.logicx', files);
    const m = await readBundleFromFiles(
      'Hub.logicx',
      async (rel) => (asked.push(rel), files.get(rel) ?? null),
      (rel) => src.listDir(rel),
    );
    expect(m).toMatchObject({
      name: 'Hub',
      bpm: 111,
      tempo_map: [
        { tick: 0, bpm: 120 },
        { tick: 3840, bpm: 132 },
        { tick: 7680, bpm: 96 },
        { tick: 15360, bpm: 150 },
      ],
    });
    expect(m.audio_files.missing).toEqual(['Media/Audio Files/b.wav']);
    expect(asked.some((r) => r.startsWith('Media/'))).toBe(false);
  });
});
