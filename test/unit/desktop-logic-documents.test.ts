/**
 * The adapter that asks which projects Logic has open: its output parsed against the bundles
 * (paths compared as APFS does, names only when unambiguous), refusals turned into
 * "unavailable", and a real probe program run through AUXIN_LOGIC_PROBE.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  LIST_DOCUMENTS_SCRIPT,
  logicDocuments,
  openBundlesIn,
  unavailableReason,
} from '../../src-main/desktop/logic-documents.js';
import { tempDir } from '../helpers/tmp.js';

const SONG = '/Users/me/Music/Logic/Song.logicx';
const DEMO = '/Users/me/Music/Logic/Démo.logicx';

describe('openBundlesIn', () => {
  it('matches paths with a trailing slash, another case, or decomposed accents', () => {
    const out = `path:/users/me/music/logic/song.logicx/\npath:/Users/me/Music/Logic/De\u0301mo.logicx/\n`;
    expect(openBundlesIn(out, [SONG, DEMO, '/elsewhere/Song.logicx'])).toEqual(
      new Set([SONG, DEMO]),
    );
  });

  it('not running, empty, or other files: nothing open', () => {
    expect(openBundlesIn('not-running\n', [SONG])).toEqual(new Set());
    expect(openBundlesIn('', [SONG])).toEqual(new Set());
    expect(openBundlesIn('path:/Users/me/Music/Logic/Song 2.logicx/\n', [SONG])).toEqual(new Set());
    expect(openBundlesIn('path:relative/Song.logicx\n', ['relative/Song.logicx'])).toEqual(
      new Set(),
    );
  });

  it('a document known only by name matches one bundle of that name, never two', () => {
    expect(openBundlesIn('name:Song\n', [SONG])).toEqual(new Set([SONG]));
    expect(openBundlesIn('name:Song.logicx\n', [SONG, '/b/Other.logicx'])).toEqual(new Set([SONG]));
    expect(openBundlesIn('name:Song\n', [SONG, '/b/Song.logicx'])).toEqual(new Set());
  });

  it('the AppleScript never launches Logic: it asks only when Logic is running', () => {
    expect(LIST_DOCUMENTS_SCRIPT).toMatch(
      /if application id "com\.apple\.logic10" is running then/,
    );
  });
});

describe('unavailableReason', () => {
  it('a refused Automation permission or a missing tool: unavailable; anything else: retry', () => {
    expect(
      unavailableReason(
        { code: 1 },
        'execution error: Not authorized to send Apple events to Logic Pro. (-1743)',
      ),
    ).toMatch(/Automation/);
    expect(unavailableReason({ code: 'ENOENT', message: 'spawn osascript ENOENT' }, '')).toMatch(
      /not found/,
    );
    expect(
      unavailableReason({ code: 1 }, 'execution error: Logic Pro got an error: timeout (-1712)'),
    ).toBeNull();
  });
});

describe('logicDocuments', () => {
  const tmp = tempDir('auxin-logic-probe-');
  afterAll(() => tmp.cleanup());

  it('off a Mac with no probe: unavailable, saying why', async () => {
    expect(await logicDocuments({}, 'linux').read([SONG])).toEqual({
      unavailable: 'Logic Pro runs only on macOS',
    });
  });

  it('runs the probe program and reads its lines', async () => {
    const list = path.join(tmp.dir, 'open.txt');
    const probe = path.join(tmp.dir, 'probe.sh');
    fs.writeFileSync(probe, `#!/bin/sh\ncat '${list}'\n`, { mode: 0o755 });
    const docs = logicDocuments({ AUXIN_LOGIC_PROBE: probe }, 'linux');
    fs.writeFileSync(list, `path:${SONG}/\n`);
    expect(await docs.read([SONG, DEMO])).toEqual({ open: new Set([SONG]) });
    fs.writeFileSync(list, 'not-running\n');
    expect(await docs.read([SONG])).toEqual({ open: new Set() });
  });

  it('a failing probe is a failed reading (rejected); a refused one is unavailable', async () => {
    const failing = path.join(tmp.dir, 'fail.sh');
    fs.writeFileSync(failing, '#!/bin/sh\necho "Logic Pro got an error (-1712)" >&2\nexit 1\n', {
      mode: 0o755,
    });
    await expect(logicDocuments({ AUXIN_LOGIC_PROBE: failing }).read([SONG])).rejects.toThrow(
      /-1712/,
    );
    const refused = path.join(tmp.dir, 'refused.sh');
    fs.writeFileSync(
      refused,
      '#!/bin/sh\necho "Not authorized to send Apple events (-1743)" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    expect(await logicDocuments({ AUXIN_LOGIC_PROBE: refused }).read([SONG])).toMatchObject({
      unavailable: expect.stringMatching(/Automation/),
    });
    expect(
      await logicDocuments({ AUXIN_LOGIC_PROBE: path.join(tmp.dir, 'missing') }).read([SONG]),
    ).toMatchObject({
      unavailable: expect.stringMatching(/not found/),
    });
  });
});
