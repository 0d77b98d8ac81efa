import { spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle, simulateSave } from '../helpers/logic-save.js';

let dir: string | undefined;

afterEach(async () => {
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
});

/** Resolves when `pred` holds on the text so far, or rejects after `ms`. */
function waitFor(get: () => string, pred: (s: string) => boolean, ms: number): Promise<void> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (pred(get())) resolve();
      else if (Date.now() - t0 > ms) reject(new Error(`timed out; got: ${get()}`));
      else setTimeout(tick, 25);
    };
    tick();
  });
}

describe('auxin watch', () => {
  it('prints one JSON object per line: the bundle found, then the update of a save', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-cliwatch-'));
    const song = await copyBundle(mitBundle('F0_baseline'), dir, 'Song.logicx');
    const child = spawn(process.execPath, [CLI, 'watch', dir, '--json', '--quiet-ms', '200'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor(
        () => err,
        (s) => s.includes('watching'),
        15_000,
      );
      await simulateSave(song, { BeatsPerMinute: 126, SongKey: 'A', SongGenderKey: 'minor' });
      await waitFor(
        () => out,
        (s) => s.includes('project.updated'),
        15_000,
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.event)).toEqual(['project.added', 'project.updated']);
    expect(lines[0]).toMatchObject({ path: song, metadata: { bpm: 120 } });
    expect(lines[1].diff.text).toBe('tempo 120 → 126, C major → A minor');
  });

  it.each([['--bogus'], ['/no/such/folder']])('refuses %s', async (arg) => {
    const child = spawn(process.execPath, [CLI, 'watch', arg], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toMatch(/INVALID_ARGUMENT/);
  });
});
