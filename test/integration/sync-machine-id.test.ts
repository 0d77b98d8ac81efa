/**
 * A push names its machine with the same id `auxin lock` uses, so any machine id a lock accepts
 * must be one a push may send: else the holder could lock the project and never push to it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { ok } from '../helpers/cli.js';
import { SYNC_RUN_MS, writeProject } from './helpers/sync.js';

describe('the machine id of a push', () => {
  let hub: TestHub;
  let work: string;
  let alice = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-machine-id-').dir;
    alice = await addUser(hub, 'alice', 'producer');
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('the holder of a lock taken with the longest machine id a lock accepts can push', async () => {
    const dir = path.join(work, 'Long.logicx');
    fs.mkdirSync(dir, { recursive: true });
    writeProject(dir, 3);
    const run = {
      cwd: dir,
      token: alice,
      home: path.join(work, 'home'),
      timeoutMs: SYNC_RUN_MS,
      env: { AUXIN_MACHINE_ID: 'm'.repeat(255) },
    };
    await ok(['init'], run);
    await ok(['commit', '-m', 'first'], run);
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Long.logicx`], run);
    await ok(['push'], run);
    await ok(['lock', 'acquire'], run);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'second');
    await ok(['commit', '-m', 'second'], run);
    expect((await ok(['push', '--release', '--json'], run)).json()).toMatchObject({
      up_to_date: false,
      lock: { released: true },
    });
  });
});
