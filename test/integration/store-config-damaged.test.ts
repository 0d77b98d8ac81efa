/**
 * A store whose `config` file is damaged keeps working on safe defaults, and `auxin fsck` says so
 * instead of answering "ok". Before, fsck never looked at the file, and bad chunking parameters
 * in it made every command fail with an unexpected error and a stack trace.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let work = '';
let cleanup = () => {};
beforeAll(() => {
  ({ dir: work, cleanup } = tempDir('auxin-config-'));
});
afterAll(() => cleanup());

async function storeWith(name: string): Promise<{ dir: string; config: string }> {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'ProjectData'), Buffer.alloc(200_000, 7));
  await ok(['init'], { cwd: dir });
  await ok(['commit', '-m', 'v1'], { cwd: dir });
  return { dir, config: path.join(dir, '.auxin', 'config') };
}

describe('a damaged store config', () => {
  it('a sound config: fsck says ok', async () => {
    const { dir } = await storeWith('sound');
    const r = await ok(['fsck'], { cwd: dir });
    expect(r.stdout).toMatch(/\bok\b/);
  });

  const damage: [string, (file: string) => void, RegExp][] = [
    ['torn', (f) => fs.writeFileSync(f, '{"format": 2, "bare": fal'), /not JSON/],
    ['not an object', (f) => fs.writeFileSync(f, '[1, 2]\n'), /not a JSON object/],
    [
      'bad chunking',
      (f) => fs.writeFileSync(f, JSON.stringify({ format: 2, chunking: { min: 1, avg: 3 } })),
      /bad "chunking"/,
    ],
    ['bare not a boolean', (f) => fs.writeFileSync(f, '{"format": 2, "bare": "yes"}'), /"bare"/],
    ['missing', (f) => fs.rmSync(f), /unreadable \(ENOENT\)/],
  ];
  for (const [what, breakIt, reason] of damage) {
    it(`${what}: commands still work, fsck names the file and what it used instead`, async () => {
      const { dir, config } = await storeWith(what.replaceAll(' ', '-'));
      breakIt(config);
      fs.writeFileSync(path.join(dir, 'take.wav'), Buffer.alloc(300_000, 3));
      await ok(['commit', '-m', 'v2'], { cwd: dir });
      await ok(['status'], { cwd: dir });
      const r = await auxin(['fsck'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`damaged config ${fs.realpathSync(path.dirname(config))}/config`);
      expect(r.stderr).toMatch(reason);
      expect(r.stderr).toContain('read as {"format":2,"bare":false');
      const json = await auxin(['fsck', '--json'], { cwd: dir });
      const report = JSON.parse(json.stdout) as { ok: boolean; problems: { kind: string }[] };
      expect(report.ok).toBe(false);
      expect(report.problems.map((p) => p.kind)).toEqual(['config']);
    });
  }
});
