import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { ok } from '../helpers/cli.js';
import { expectSameFiles } from './helpers/snapshot.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

const MiB = 1024 * 1024;

describe('a clone receives chunks as the hub stores them', () => {
  let hub: TestHub;
  let work: string;
  let token = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-fetch-stored-').dir;
    token = await addUser(hub, 'alice', 'producer');
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const as = (cwd: string) => ({
    cwd,
    token,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });

  it('compressible chunks travel DEFLATEd, audio raw, and both arrive verified and whole', async () => {
    const a = path.join(work, 'A', 'Song.logicx');
    fs.mkdirSync(path.join(a, 'Alternatives', '000'), { recursive: true });
    fs.mkdirSync(path.join(a, 'Media', 'Audio Files'), { recursive: true });
    // 4 MiB of text that compresses ~100 times, and 3 MiB of noise that does not compress.
    const line = Buffer.from(
      '<key>tempo</key><real>120.0</real><key>take</key><integer>7</integer>\n',
    );
    const text = Buffer.alloc(4 * MiB);
    for (let o = 0; o < text.length; o += line.length) line.copy(text, o);
    fs.writeFileSync(path.join(a, 'Alternatives', '000', 'ProjectData'), text);
    fs.writeFileSync(path.join(a, 'Media', 'Audio Files', 'Take 1.wav'), randomBytes(3 * MiB));
    await ok(['init'], as(a));
    await ok(['commit', '-m', 'first'], as(a));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song.logicx`], as(a));
    await ok(['push'], as(a));

    const b = path.join(work, 'B', 'Song.logicx');
    const cloned = (
      await ok(['clone', `${hub.url}/studio/Song.logicx`, b, '--json'], as(work))
    ).json();
    // Sent decoded, the clone would take 7 MiB; as stored, the text's chunks are a few KiB.
    expect(cloned.bytes_received as number).toBeGreaterThan(3 * MiB);
    expect(cloned.bytes_received as number).toBeLessThan(3.5 * MiB);
    expectSameFiles(a, b);
    // Every chunk in the clone's store hashes to its id.
    const fsck = (await ok(['fsck', '--json'], as(b))).json();
    expect(fsck).toMatchObject({ ok: true });
  });
});
