import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auxin, CLI } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

function commitKilledAfter(cwd: string, message: string, delayMs: number) {
  return new Promise<{ code: number | null; signal: string | null }>((done) => {
    const child = spawn(process.execPath, [CLI, 'commit', '-m', message], { cwd, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal });
    });
  });
}

async function headId(cwd: string): Promise<{ id: string; parent: string | undefined }> {
  const log = JSON.parse((await auxin(['log', '--json', '-n', '1'], { cwd })).stdout) as {
    id: string;
    parent_ids: string[];
  }[];
  return { id: log[0]!.id, parent: log[0]!.parent_ids[0] };
}

describe('crash safety', () => {
  it('SIGKILL during commit leaves the previous commit, a clean fsck, and a working next commit', async () => {
    const w = `${t.dir}/Song.logicx`;
    mkdirSync(`${w}/Media/Audio Files`, { recursive: true });
    for (let i = 0; i < 4; i++)
      writeFileSync(`${w}/Media/Audio Files/t${i}.wav`, noise(6_000_000, i + 1));
    expect((await auxin(['init'], { cwd: w })).code).toBe(0);
    expect((await auxin(['commit', '-m', 'base'], { cwd: w })).code).toBe(0);
    // Time one round like the killed ones (one new take plus ProjectData), so the kills land
    // inside such a commit whatever the machine's speed; the base commit writes far more.
    writeFileSync(`${w}/Media/Audio Files/t3.wav`, noise(6_000_000, 99));
    writeFileSync(`${w}/ProjectData`, noise(1_000_000, 199));
    const started = Date.now();
    expect((await auxin(['commit', '-m', 'timed round'], { cwd: w })).code).toBe(0);
    const fullMs = Date.now() - started;

    let keptPrevious = 0;
    const iterations = 6;
    for (let i = 0; i < iterations; i++) {
      const prev = await headId(w);
      // New audio each round, so the commit has real chunk writes to be interrupted in.
      writeFileSync(`${w}/Media/Audio Files/t${i % 4}.wav`, noise(6_000_000, 100 + i));
      writeFileSync(`${w}/ProjectData`, noise(1_000_000, 200 + i));
      const delay = Math.floor(20 + Math.random() * fullMs * 0.8);
      const r = await commitKilledAfter(w, `killed ${i}`, delay);
      const fsck = await auxin(['fsck'], { cwd: w });
      expect(fsck.code, `iteration ${i} (kill at ${delay} ms): ${fsck.stderr}`).toBe(0);
      const now = await headId(w);
      if (r.signal === 'SIGKILL' && now.id === prev.id) keptPrevious++;
      else
        expect(
          now.parent,
          `iteration ${i}: HEAD is neither the previous nor a complete next commit`,
        ).toBe(prev.id);
    }
    expect(keptPrevious).toBeGreaterThan(0);
    writeFileSync(`${w}/ProjectData`, 'after the crashes');
    const last = await auxin(['commit', '-m', 'after'], { cwd: w });
    expect(last.code, last.stderr).toBe(0);
    expect((await auxin(['fsck'], { cwd: w })).code).toBe(0);
    const st = await auxin(['status'], { cwd: w });
    expect(st.stdout).toContain('nothing changed');
  }, 120_000);
});
