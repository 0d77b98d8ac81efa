import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin, CLI, type RunResult } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/**
 * `auxin commit` whose file writes fail past `kib` KiB, as a full disk makes them fail: the
 * shell's file-size limit (EFBIG), with SIGXFSZ ignored so the write fails instead of killing.
 */
function commitWithWriteLimit(cwd: string, kib: number): Promise<RunResult> {
  return new Promise((done) => {
    const script = `ulimit -f ${kib}; trap '' XFSZ; exec "$0" "$1" commit -m limited`;
    const child = spawn('sh', ['-c', script, process.execPath, CLI], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

describe('a commit whose writes fail (a full disk)', () => {
  // 3 MB is cut and stored in this thread; 30 MB goes through the chunk worker.
  for (const size of [3_000_000, 30_000_000]) {
    it(`of ${size / 1e6} MB fails with one line, leaves no temporary pack, and a retry works`, async () => {
      const w = t.dir;
      expect((await auxin(['init'], { cwd: w })).code).toBe(0);
      writeFileSync(`${w}/take.wav`, noise(size, 7));
      const r = await commitWithWriteLimit(w, 1024);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^auxin: .*EFBIG.*\n$/);
      // Nothing of the failed attempt stays behind to eat the space a retry needs.
      expect(readdirSync(`${w}/.auxin/tmp`)).toEqual([]);
      const again = await auxin(['commit', '-m', 'retry'], { cwd: w });
      expect(again.code, again.stderr).toBe(0);
      expect((await auxin(['fsck'], { cwd: w })).code).toBe(0);
    }, 60_000);
  }
});
