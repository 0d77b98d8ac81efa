import { cpSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/** The change-detection record of `path` in the store's index, if any. */
function record(w: string, path: string): { ino: string } | undefined {
  const idx = JSON.parse(readFileSync(`${w}/.auxin/index`, 'utf8')) as {
    records: Record<string, { ino: string }>;
  };
  return idx.records[path];
}

/**
 * A project copied to another disk (Finder, cp -a, rsync) has new inodes and ctimes, so every
 * file must be read once to know it is unchanged. Only once: a status that does not remember
 * what it read reads the whole project (gigabytes of audio) again each time it is asked.
 */
describe('status in a copied working folder', () => {
  it('reads each unchanged file once and remembers it', async () => {
    const a = `${t.dir}/A`;
    const b = `${t.dir}/B`;
    mkdirSync(a);
    writeFileSync(`${a}/take.wav`, noise(3_000_000, 4));
    expect((await auxin(['init'], { cwd: a })).code).toBe(0);
    expect((await auxin(['commit', '-m', 'v1'], { cwd: a })).code).toBe(0);
    cpSync(a, b, { recursive: true, preserveTimestamps: true });
    // Past the racy window, so the copy's files can be trusted once read.
    await new Promise((r) => setTimeout(r, 100));
    expect(record(b, 'take.wav')?.ino).not.toBe(String(statSync(`${b}/take.wav`).ino));
    const st = await auxin(['status'], { cwd: b });
    expect(st.stdout).toContain('nothing changed');
    expect(record(b, 'take.wav')?.ino).toBe(String(statSync(`${b}/take.wav`).ino));
    // And a file changed meanwhile is still seen as changed.
    writeFileSync(`${b}/take.wav`, noise(3_000_000, 5));
    expect((await auxin(['status'], { cwd: b })).stdout).toContain('modified: "take.wav"');
  });
});
