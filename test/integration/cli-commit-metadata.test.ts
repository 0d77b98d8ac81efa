import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogicMetadataSchema } from '../../src-shared/api/metadata.js';
import { auxin } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle, simulateSave } from '../helpers/logic-save.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

async function headMetadata(cwd: string) {
  const show = await auxin(['show', 'HEAD', '--json'], { cwd: cwd });
  expect(show.code, show.stderr).toBe(0);
  return JSON.parse(show.stdout).metadata;
}

describe('auxin commit stores the project metadata', () => {
  it('in a bundle: the reader result, and the new tempo after a save', async () => {
    const b = await copyBundle(mitBundle('F9_tempometer'), t.dir, 'Song.logicx');
    expect((await auxin(['init'], { cwd: b })).code).toBe(0);
    const c1 = await auxin(['commit', '-m', 'first', '--author', 'ana'], { cwd: b });
    expect(c1.code, c1.stderr).toBe(0);
    const m1 = await headMetadata(b);
    expect(LogicMetadataSchema.parse(m1)).toMatchObject({
      name: 'Song',
      bpm: 120,
      sample_rate: 44100,
      key_signature: 'C major',
      time_signature: '4/4',
      track_count: 1,
    });
    expect(m1.tempo_map).toHaveLength(4);

    await simulateSave(b, {
      BeatsPerMinute: 124,
      SongKey: 'A',
      SongGenderKey: 'minor',
      SignatureKey: 23,
    });
    const c2 = await auxin(['commit', '-m', 'faster', '--author', 'ana'], { cwd: b });
    expect(c2.code, c2.stderr).toBe(0);
    expect(await headMetadata(b)).toMatchObject({ bpm: 124, key_signature: 'A minor' });
  });

  it('in a folder project: the single bundle inside', async () => {
    const proj = path.join(t.dir, 'MySong');
    mkdirSync(path.join(proj, 'Audio Files'), { recursive: true });
    await copyBundle(mitBundle('F16_sr48'), proj, 'MySong.logicx');
    expect((await auxin(['init'], { cwd: proj })).code).toBe(0);
    const c = await auxin(['commit', '-m', 'first', '--author', 'ana'], { cwd: proj });
    expect(c.code, c.stderr).toBe(0);
    expect(await headMetadata(proj)).toMatchObject({ name: 'MySong', sample_rate: 48000 });
  });

  it('commits without metadata, saying why, when the bundle cannot be read', async () => {
    const b = path.join(t.dir, 'Empty.logicx');
    mkdirSync(path.join(b, 'Media'), { recursive: true });
    writeFileSync(path.join(b, 'Media', 'take.wav'), 'RIFF');
    expect((await auxin(['init'], { cwd: b })).code).toBe(0);
    const c = await auxin(['commit', '-m', 'x', '--author', 'ana'], { cwd: b });
    expect(c.code, c.stderr).toBe(0);
    expect(c.stderr).toMatch(/without project metadata: .*no Alternatives/);
    expect(await headMetadata(b)).toEqual({});
  });
});
