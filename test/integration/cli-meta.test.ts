import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mitBundle, repoRoot } from '../helpers/logic-fixtures.js';

const cli = path.join(repoRoot, 'dist/src-main/cli/main.js');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000 });

describe('auxin meta', () => {
  it('--json prints exactly one JSON object with the values', () => {
    const r = run('meta', mitBundle('F9_tempometer'), '--json');
    expect(r.status).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m).toMatchObject({
      bpm: 120,
      sample_rate: 44100,
      key_signature: 'C major',
      time_signature: '4/4',
    });
    expect(m.tempo_map).toHaveLength(4);
    expect(m.warnings).toEqual([]);
  });

  it('prints labelled lines for people', () => {
    const r = run('meta', mitBundle('F16_sr48'));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^F16_sr48\.logicx$/m);
    expect(r.stdout).toMatch(/sample rate\s+48000 Hz/);
  });

  it('fails with NOT_A_BUNDLE on a folder that is not a bundle', () => {
    const r = run('meta', repoRoot, '--json');
    expect(r.status).toBe(1);
    // --json: the failure is also on stdout, as one object with its code.
    expect(JSON.parse(r.stdout)).toMatchObject({ code: 'NOT_A_BUNDLE' });
    expect(r.stderr).toMatch(/NOT_A_BUNDLE/);
  });
});
