import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogicMetadataSchema, type LogicMetadata } from '../../src-shared/api/metadata.js';
import { readBundle } from '../../src-main/logic/reader.js';
import { mitBundle, sharedFixtures } from '../helpers/logic-fixtures.js';

type Expected = Partial<LogicMetadata> & { absent?: Array<keyof LogicMetadata> };

const cMajor = { key_signature: 'C major', key: { tonic: 'C', mode: 'major', code: 7 } } as const;
const logic11 = { logic_version: '11.2.2', last_saved_from: 'Logic Pro 11.2.2 (6387)' };
const base = { sample_rate: 44100, ...cMajor, time_signature: '4/4', track_count: 1, ...logic11 };
const noAudio = { used: [], unused: [], missing: [] };
const initialMaps = {
  meter_map: [{ tick: 0, numerator: 4, denominator: 4 }],
  key_map: [{ tick: 0, code: 7 }],
};

/** The README table of shared/fixtures/logicx, bundle by bundle. */
const mit: Record<string, Expected> = {
  F0_baseline: {
    bpm: 120,
    ...base,
    tempo_map: [{ tick: 0, bpm: 120 }],
    ...initialMaps,
    project_data_format: 2511,
  },
  F1_tempo: { bpm: 137.5, ...base, tempo_map: [{ tick: 0, bpm: 137.5 }], ...initialMaps },
  F2_tempomap: {
    bpm: 120,
    ...base,
    tempo_map: [
      { tick: 0, bpm: 120 },
      { tick: 15360, bpm: 90 },
    ],
  },
  F9_tempometer: {
    bpm: 120,
    ...base,
    tempo_map: [
      { tick: 0, bpm: 120 },
      { tick: 3840, bpm: 132 },
      { tick: 7680, bpm: 96 },
      { tick: 15360, bpm: 150 },
    ],
    meter_map: [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 3840, numerator: 3, denominator: 4 },
      { tick: 6720, numerator: 7, denominator: 8 },
    ],
  },
  F10_sigs: {
    bpm: 120,
    ...base,
    tempo_map: [{ tick: 0, bpm: 120 }],
    meter_map: [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 3840, numerator: 5, denominator: 8 },
      { tick: 8640, numerator: 9, denominator: 16 },
      { tick: 12960, numerator: 11, denominator: 2 },
    ],
  },
  F16_sr48: { bpm: 120, ...base, sample_rate: 48000 },
  F21_multitrack_regions: {
    bpm: 120,
    ...base,
    track_count: 3,
    audio_files: {
      used: ['Media/Audio Files/047.wav', 'Media/Audio Files/048.wav', 'Media/Audio Files/049.wav'],
      unused: [],
      missing: [],
    },
  },
  TEST_all_steelydan: {
    bpm: 120,
    ...base,
    alternative: { index: 0, name: 'TEST_all_steelydan' },
    meter_map: [
      { tick: 0, numerator: 4, denominator: 4 },
      { tick: 96000, numerator: 2, denominator: 4 },
      { tick: 97920, numerator: 4, denominator: 4 },
      { tick: 190080, numerator: 2, denominator: 4 },
      { tick: 192000, numerator: 4, denominator: 4 },
      { tick: 407040, numerator: 2, denominator: 4 },
      { tick: 408960, numerator: 4, denominator: 4 },
    ],
  },
};

const shared: Record<string, Expected> = {
  'wikibook-logic-pro-x-103/001_Recording_Preparing.logicx': {
    bpm: 100,
    ...cMajor,
    time_signature: '4/4',
    logic_version: '10.0.3',
    last_saved_from: 'Logic Pro X 10.0.3 (2911.58)',
    alternative: { index: 0, name: '001_Recording_Preparing' },
    audio_files: noAudio,
    tempo_map: [{ tick: 0, bpm: 100 }],
    ...initialMaps,
    project_data_format: 1702,
    absent: ['sample_rate', 'track_count'],
  },
  'chance-cyphers-flying-nothing/flying-nothing.logicx': {
    bpm: 75,
    sample_rate: 44100,
    ...cMajor,
    time_signature: '4/4',
    track_count: 9,
    logic_version: '10.4.4',
    last_saved_from: 'Logic Pro X 10.4.4 (4981.1)',
    alternative: { index: 0, name: '12' },
    absent: ['tempo_map', 'meter_map', 'key_map', 'project_data_format'],
  },
  'ishikawam-GlitterBalloons/GlitterBalloons.logicx': {
    bpm: 120,
    sample_rate: 44100,
    ...cMajor,
    time_signature: '4/4',
    track_count: 31,
    logic_version: '10.1.1',
    last_saved_from: 'Logic Pro X 10.1.1 (3683.37)',
    alternative: { index: 0, name: 'GlitterBalloons' },
  },
  'vovas-music-gb-Okna-band/Okna.band': {
    kind: 'band',
    bpm: 104,
    sample_rate: 44100,
    key_signature: 'F# minor',
    key: { tonic: 'F#', mode: 'minor', code: 26 },
    time_signature: '6/8',
    track_count: 12,
    logic_version: '10.4.6',
    last_saved_from: 'GarageBand 10.4.6 (5602)',
    alternative: { index: 0, name: 'Okna' },
  },
  'vovas-music-gb-ogonki-band/ogonki.band': {
    kind: 'band',
    bpm: 82,
    sample_rate: 44100,
    key_signature: 'Eb minor',
    key: { tonic: 'Eb', mode: 'minor', code: 17 },
    time_signature: '4/4',
    track_count: 5,
    alternative: { index: 0, name: 'ogonki' },
  },
};

function check(m: LogicMetadata, exp: Expected, bundleName: string): void {
  expect(LogicMetadataSchema.parse(m)).toEqual(m);
  const { absent = [], ...values } = exp;
  expect(m).toMatchObject({ kind: 'logicx', name: bundleName, ...values });
  for (const k of absent) expect(m[k], `${k} must be absent`).toBeUndefined();
  if (!('alternative' in values)) expect(m.alternative).toEqual({ index: 0, name: bundleName });
}

describe('readBundle on the MIT fixtures', () => {
  for (const [name, exp] of Object.entries(mit)) {
    it(`${name} reads back the README values`, async () => {
      const m = await readBundle(mitBundle(name));
      check(m, { audio_files: noAudio, ...exp }, name);
      expect(m.warnings).toEqual([]);
    });
  }

  it('F1_tempo ignores the previous save in Project File Backups (120 BPM)', async () => {
    const m = await readBundle(mitBundle('F1_tempo'));
    expect(m.bpm).toBe(137.5);
    expect(m.tempo_map).toEqual([{ tick: 0, bpm: 137.5 }]);
  });

  it('TEST_all_steelydan has the 250-event beat-mapped tempo curve', async () => {
    const t = (await readBundle(mitBundle('TEST_all_steelydan'))).tempo_map!;
    expect(t).toHaveLength(250);
    expect(t.slice(0, 2)).toEqual([
      { tick: 0, bpm: 120 },
      { tick: 3840, bpm: 120 },
    ]);
    const rest = t.slice(2).map((p) => p.bpm);
    expect(Math.min(...rest)).toBeCloseTo(122.9355, 4);
    expect(Math.max(...rest)).toBeCloseTo(142.5988, 4);
    for (let i = 1; i < t.length; i++) expect(t[i]!.tick).toBeGreaterThan(t[i - 1]!.tick);
  });
});

describe.runIf(sharedFixtures)('readBundle on the shared (unlicensed) fixtures', () => {
  for (const [rel, exp] of Object.entries(shared)) {
    it(`${rel} reads back the README values`, async () => {
      const m = await readBundle(path.join(sharedFixtures!, rel));
      check(m, exp, path.basename(rel).replace(/\.(logicx|band)$/, ''));
    });
  }

  it('10.0.3: the values come from ProjectData, with a warning for each', async () => {
    const m = await readBundle(
      path.join(sharedFixtures!, 'wikibook-logic-pro-x-103/001_Recording_Preparing.logicx'),
    );
    expect(m.warnings.join('\n')).toMatch(/bpm read from ProjectData/);
    expect(m.warnings.join('\n')).toMatch(/time_signature read from ProjectData/);
    expect(m.warnings.join('\n')).toMatch(/key_signature read from ProjectData/);
    expect(m.warnings.join('\n')).toMatch(/SampleRate/);
  });

  it('flying-nothing: 1 used and 3 unused audio files, all missing here (plists only)', async () => {
    const m = await readBundle(
      path.join(sharedFixtures!, 'chance-cyphers-flying-nothing/flying-nothing.logicx'),
    );
    expect(m.audio_files.used).toEqual(['Media/Audio Files/12_2#04.aif']);
    expect(m.audio_files.unused).toHaveLength(3);
    expect(m.audio_files.missing).toHaveLength(4);
  });

  it('GlitterBalloons: integer BPM, 32 used and 7 unused audio files', async () => {
    const m = await readBundle(
      path.join(sharedFixtures!, 'ishikawam-GlitterBalloons/GlitterBalloons.logicx'),
    );
    expect(m.bpm).toBe(120);
    expect(m.audio_files.used).toHaveLength(32);
    expect(m.audio_files.unused).toHaveLength(7);
  });

  it('ogonki: one used audio file', async () => {
    const m = await readBundle(
      path.join(sharedFixtures!, 'vovas-music-gb-ogonki-band/ogonki.band'),
    );
    expect(m.audio_files.used).toHaveLength(1);
  });
});

describe.skipIf(sharedFixtures)('shared fixtures', () => {
  it.skip('skipped: ../shared/fixtures/logicx not found next to the checkout (set AUXIN_LOGIC_FIXTURES)', () => {});
});
