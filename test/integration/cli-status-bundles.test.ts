/**
 * `auxin status` in a folder of Logic bundles (issue #19, section 5): it lists each bundle with
 * its state instead of suggesting `auxin init` on the whole library; an empty folder still says
 * it is not a project.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';

const work = tempDir('auxin-library-');
afterAll(() => work.cleanup());

describe('auxin status in a library', () => {
  it('lists every bundle: versioned or not, its branch and what changed', async () => {
    const lib = path.join(work.dir, 'Logic');
    const song = path.join(lib, 'My Song.logicx');
    fs.cpSync(mitBundle('F0_baseline'), song, { recursive: true });
    fs.cpSync(mitBundle('F1_tempo'), path.join(lib, 'Demo.logicx'), { recursive: true });
    fs.cpSync(mitBundle('F0_baseline'), path.join(lib, '2026', 'Jingle.logicx'), {
      recursive: true,
    });
    await ok(['init'], { cwd: song });
    await ok(['commit', '-m', 'first'], { cwd: song });
    fs.writeFileSync(path.join(song, 'Alternatives', '000', 'notes.txt'), 'new');

    const r = await ok(['status'], { cwd: lib });
    expect(r.stdout).not.toContain("run 'auxin init'");
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${lib} is not a project; the Logic projects in it:`);
    expect(lines.slice(1)).toEqual([
      '  "2026/Jingle.logicx": not versioned (auxin init "2026/Jingle.logicx")',
      '  "Demo.logicx": not versioned (auxin init "Demo.logicx")',
      expect.stringMatching(/^ {2}"My Song\.logicx": main at [0-9a-f]{12}, 1 file changed$/),
    ]);
    const json = (await ok(['status', '--json'], { cwd: lib })).json();
    expect(json.bundles).toEqual([
      { path: path.join(lib, '2026', 'Jingle.logicx'), versioned: false },
      { path: path.join(lib, 'Demo.logicx'), versioned: false },
      expect.objectContaining({ path: song, versioned: true, branch: 'main', changed: 1 }),
    ]);
  });

  it('still says "not a project" in a folder without bundles', async () => {
    const empty = path.join(work.dir, 'empty');
    fs.mkdirSync(empty);
    const r = await auxin(['status'], { cwd: empty });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('NOT_A_REPOSITORY');
  });
});
