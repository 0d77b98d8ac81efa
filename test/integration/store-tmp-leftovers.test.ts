/**
 * Temporary packs left by a killed process are removed the next time the store writes, by the
 * hub (a push) or locally, while files of live writers and recent files stay.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blake3Hex } from '../../src-main/store/hash.js';
import { Store } from '../../src-main/store/index.js';
import { isLeftover, TMP_GRACE_MS } from '../../src-main/store/tmpsweep.js';
import { encodePack, PACK_CONTENT_TYPE } from '../../src-main/sync/pack.js';
import { tempDir } from '../helpers/tmp.js';
import { startHub } from './helpers/hub.js';

let deadPid = 0;
let live: ChildProcess;
beforeAll(() => {
  // A pid that ran and is gone, as a SIGKILLed hub's is.
  deadPid = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  }).stdout as unknown as number;
  live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
});
afterAll(() => {
  live.kill('SIGKILL');
});

/** Files in `tmp` named for `pid`, one old and one recent each. */
function plant(tmp: string): Record<string, string> {
  const old = (Date.now() - 10 * 60_000) / 1000;
  const files: Record<string, string> = {
    deadOld: `pack-${deadPid}-2-aaaa.tmp`,
    deadOldIdx: `pack-${deadPid}-2-aaaa.tmp.idx`,
    deadWorker: `pack-${deadPid}-wabc-0`,
    deadRecent: `pack-${deadPid}-3-bbbb.tmp`,
    liveOld: `pack-${live.pid}-1-cccc.tmp`,
    noPid: 'something-else',
  };
  for (const [k, n] of Object.entries(files)) {
    fs.writeFileSync(path.join(tmp, n), randomBytes(100));
    if (k !== 'deadRecent') fs.utimesSync(path.join(tmp, n), old, old);
  }
  return files;
}

function expectSwept(tmp: string, f: Record<string, string>) {
  const left = fs.readdirSync(tmp);
  for (const k of ['deadOld', 'deadOldIdx', 'deadWorker']) expect(left).not.toContain(f[k]);
  for (const k of ['deadRecent', 'liveOld', 'noPid']) expect(left).toContain(f[k]);
}

describe('leftover temporary files', () => {
  it('the rule: a dead or earlier owner, and old enough', () => {
    const now = Date.now();
    const old = now - TMP_GRACE_MS - 1;
    const dead = () => false;
    expect(isLeftover('pack-123-1-ab.tmp', old, now, dead)).toBe(true);
    expect(isLeftover('123-1-ab.tmp', old, now, dead)).toBe(true);
    expect(isLeftover('pack-123-1-ab.tmp', now - 1000, now, dead)).toBe(false);
    expect(isLeftover('pack-123-1-ab.tmp', old, now, () => true)).toBe(false);
    expect(isLeftover('notes.txt', old, now, dead)).toBe(false);
    // This process's pid: a file from before it started was a previous holder's of that pid.
    const mine = `pack-${process.pid}-1-ab.tmp`;
    const started = now - process.uptime() * 1000 - 2000;
    expect(isLeftover(mine, started - TMP_GRACE_MS, now, () => true)).toBe(true);
    // ...while one it wrote itself is its own live writer's, however old.
    expect(isLeftover(mine, now, now + 2 * TMP_GRACE_MS, () => true)).toBe(false);
  });

  it('a local store sweeps them when it opens a writer', async () => {
    const t = tempDir();
    try {
      const store = await Store.init(t.dir, { bare: true });
      const tmp = path.join(t.dir, 'tmp');
      const files = plant(tmp);
      const data = randomBytes(1000);
      await store.putChunk(blake3Hex(data), data);
      expect(await store.objects.chunks.tmpSweep).toBe(3);
      expectSwept(tmp, files);
    } finally {
      t.cleanup();
    }
  });

  it('the hub sweeps a repository when a push writes to it', async () => {
    const hub = await startHub();
    try {
      const repo = '/api/repos/studio/Killed';
      expect((await hub.req(repo, { method: 'POST', json: {} })).status).toBe(201);
      const tmp = path.join(hub.dataDir, 'studio', 'Killed', 'tmp');
      const files = plant(tmp);
      const data = randomBytes(1000);
      const parts: Buffer[] = [];
      for await (const b of encodePack(
        (async function* () {
          yield { kind: 'chunk' as const, id: blake3Hex(data), bytes: data };
        })(),
      ))
        parts.push(b);
      const res = await hub.req(`${repo}/sync/packs`, {
        method: 'POST',
        body: Buffer.concat(parts),
        headers: { 'content-type': PACK_CONTENT_TYPE },
      });
      expect(res.status, await res.text()).toBe(200);
      for (let i = 0; i < 50 && fs.readdirSync(tmp).includes(files.deadOld!); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expectSwept(tmp, files);
    } finally {
      await hub.stop();
    }
  });
});
