import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { auxin } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
let writer: ChildProcess | null = null;
beforeEach(() => {
  t = tempDir();
});
afterEach(() => {
  writer?.kill('SIGKILL');
  writer = null;
  t.cleanup();
});

/**
 * A real process that keeps rewriting `file` (`mib` MiB) the way a save does, never stopping:
 * in place (`r+`) or truncated first (`w`), each pass all 'A' or all 'B', 1 MiB at a time.
 * Any version of the file that mixes the two letters, or is shorter, never existed on disk.
 */
function keepRewriting(file: string, mib: number, flag: 'r+' | 'w'): Promise<void> {
  const script = `
    const fs = require('node:fs');
    const bufs = [Buffer.alloc(1 << 20, 0x41), Buffer.alloc(1 << 20, 0x42)];
    let n = 0;
    process.stdout.write('go\\n');
    for (;;) {
      const fd = fs.openSync(${JSON.stringify(file)}, ${JSON.stringify(flag)});
      const b = bufs[n++ % 2];
      for (let i = 0; i < ${mib}; i++) fs.writeSync(fd, b, 0, b.length, i * (1 << 20));
      fs.closeSync(fd);
    }`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  writer = child;
  return new Promise((ok) => child.stdout!.once('data', () => ok()));
}

/** The letters HEAD's version of `path` holds, and its recorded size. */
async function recorded(w: string, path: string): Promise<{ letters: string; size: number }> {
  const { store } = Store.discover(w);
  const tree = await store.readTree((await store.readCommit(store.head().commit!)).tree_id);
  const e = tree.entries.find((x) => x.path === path)!;
  const seen = new Set<string>();
  for (const c of e.chunks!)
    for (const b of await store.readChunk(c.id)) seen.add(String.fromCharCode(b));
  store.close();
  return { letters: [...seen].sort().join(''), size: e.size };
}

describe('a file rewritten while auxin commit reads it (Logic saving meanwhile)', () => {
  // 4 MiB is read in this thread; 20 MiB goes through the chunk worker (16 MiB and more).
  for (const [mib, flag] of [
    [4, 'r+'],
    [20, 'r+'],
    [20, 'w'],
  ] as const) {
    it(`${mib} MiB rewritten ${flag === 'r+' ? 'in place' : 'after truncation'}: never a version the file never had`, async () => {
      const w = t.dir;
      const file = `${w}/ProjectData`;
      writeFileSync(file, Buffer.alloc(mib << 20, 0x41));
      expect((await auxin(['init'], { cwd: w })).code).toBe(0);
      expect((await auxin(['commit', '-m', 'first'], { cwd: w })).code).toBe(0);
      const before = (await auxin(['log', '--json'], { cwd: w })).stdout;
      await keepRewriting(file, mib, flag);
      // Several tries: one commit may by chance read the file between two passes.
      for (let i = 0; i < 2; i++) {
        const r = await auxin(['commit', '-m', `during ${i}`], { cwd: w });
        // The same letter as HEAD's version is nothing new: HEAD is then checked as it stands.
        if (r.code === 0 || r.stderr.includes('NOTHING_TO_COMMIT')) {
          const v = await recorded(w, 'ProjectData');
          // Truncated and rewritten, the file really is empty, then 1, 2... MiB of one letter.
          if (flag === 'r+') expect(v.size).toBe(mib << 20);
          expect(flag === 'r+' ? ['A', 'B'] : ['', 'A', 'B']).toContain(v.letters);
        } else {
          // Refused, naming the file, and nothing recorded.
          expect(r.stderr).toMatch(/^auxin: ProjectData .*changing.*\(FILE_CHANGING\)\n$/);
          expect((await auxin(['log', '--json'], { cwd: w })).stdout).toBe(before);
        }
      }
      // Killed mid-pass the file really is a mix; a save that completes gives it one letter.
      const gone = new Promise((ok) => writer!.once('exit', ok));
      writer!.kill('SIGKILL');
      await gone;
      writer = null;
      writeFileSync(file, Buffer.alloc(mib << 20, 0x43));
      const after = await auxin(['commit', '-m', 'settled'], { cwd: w });
      expect(after.code, after.stderr).toBe(0);
      expect(await recorded(w, 'ProjectData')).toEqual({ letters: 'C', size: mib << 20 });
      expect((await auxin(['fsck'], { cwd: w })).code).toBe(0);
    }, 30_000);
  }
});
