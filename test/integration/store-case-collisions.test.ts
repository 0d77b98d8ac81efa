import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';

/**
 * A version holding Take.wav and take.wav (made on Linux, or on a case-sensitive volume). A Mac's
 * disk takes them for one file: written there, one would silently replace the other. This Linux
 * machine has no case-insensitive filesystem to mount, so AUXIN_TEST_CASE_INSENSITIVE=1 makes
 * auxin's probe answer as a Mac's disk would; everything else is real.
 */
const MAC = { AUXIN_TEST_CASE_INSENSITIVE: '1' };

describe('names that differ only in case', () => {
  let hub: TestHub;
  let t: { dir: string; cleanup: () => void };
  let token = '';
  beforeAll(async () => {
    hub = await startHub();
    t = tempDir();
    token = await addUser(hub, 'ana', 'producer');
  });
  afterAll(async () => {
    await hub.stop();
    t.cleanup();
  });
  const as = (cwd: string, env: NodeJS.ProcessEnv = {}) => ({
    cwd,
    token,
    home: `${t.dir}/home`,
    env,
    timeoutMs: 45_000,
  });

  it('commit warns, naming both; checkout and clone onto a Mac refuse before writing anything', async () => {
    const w = `${t.dir}/Song`;
    mkdirSync(`${w}/Media`, { recursive: true });
    writeFileSync(`${w}/Media/Take.wav`, 'loud take');
    await ok(['init'], as(w));
    const first = await auxin(['commit', '-m', 'one take'], as(w));
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    writeFileSync(`${w}/Media/take.wav`, 'quiet take');
    const both = await auxin(['commit', '-m', 'two takes'], as(w));
    expect(both.code, both.stderr).toBe(0);
    expect(both.stderr).toContain('"Media/Take.wav" and "Media/take.wav"');
    expect(both.stderr).toMatch(/differ only in case.*Mac/);

    // A Mac that has the first version refuses to check out the second: nothing written.
    await ok(['checkout', 'HEAD~1'], as(w));
    const refused = await auxin(['checkout', 'main'], as(w, MAC));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /"Media\/Take.wav" and "Media\/take.wav".*\(CASE_COLLISION\)\n$/,
    );
    expect(readdirSync(`${w}/Media`)).toEqual(['Take.wav']);
    expect(readFileSync(`${w}/Media/Take.wav`, 'utf8')).toBe('loud take');
    expect((await ok(['status'], as(w))).stdout).toContain('nothing changed');
    expect(existsSync(`${w}/.auxin/CHECKOUT`)).toBe(false);
    // Where case counts, the same checkout works and keeps both takes.
    await ok(['checkout', 'main'], as(w));
    expect(readdirSync(`${w}/Media`).sort()).toEqual(['Take.wav', 'take.wav']);

    // A clone onto a Mac refuses too, before a chunk travels, and leaves no folder behind.
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song`], as(w));
    await ok(['push'], as(w));
    const clone = await auxin(['clone', `${hub.url}/studio/Song`, 'mac'], as(t.dir, MAC));
    expect(clone.code).toBe(1);
    expect(clone.stderr).toContain('CASE_COLLISION');
    expect(existsSync(`${t.dir}/mac`)).toBe(false);
    await ok(['clone', `${hub.url}/studio/Song`, 'linux'], as(t.dir));
    expect(readdirSync(`${t.dir}/linux/Media`).sort()).toEqual(['Take.wav', 'take.wav']);
  });

  it('a pull onto a Mac refuses the version that adds the look-alike, and a rename fixes it', async () => {
    const w = `${t.dir}/Pull`;
    mkdirSync(w);
    writeFileSync(`${w}/Mix.wav`, 'v1');
    await ok(['init'], as(w));
    await ok(['commit', '-m', 'v1'], as(w));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Pull`], as(w));
    await ok(['push'], as(w));
    await ok(['clone', `${hub.url}/studio/Pull`, 'mac2'], as(t.dir, MAC));
    writeFileSync(`${w}/mix.wav`, 'v2');
    await ok(['commit', '-m', 'look-alike'], as(w));
    await ok(['push'], as(w));
    const refused = await auxin(['pull'], as(`${t.dir}/mac2`, MAC));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CASE_COLLISION');
    expect(readdirSync(`${t.dir}/mac2`).filter((n) => !n.startsWith('.'))).toEqual(['Mix.wav']);
    // Renamed where case counts: the Mac can take the version after it.
    await ok(['checkout', 'main'], as(w));
    renameSync(`${w}/mix.wav`, `${w}/mix 2.wav`);
    await ok(['commit', '-m', 'renamed'], as(w));
    await ok(['push'], as(w));
    await ok(['pull'], as(`${t.dir}/mac2`, MAC));
    expect(
      readdirSync(`${t.dir}/mac2`)
        .filter((n) => !n.startsWith('.'))
        .sort(),
    ).toEqual(['Mix.wav', 'mix 2.wav']);
  });
});
