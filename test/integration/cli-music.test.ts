/**
 * The CLI speaks music (issue #19, section 5), on real Logic bundles and a real hub process:
 * `auxin log` shows tempo, key and meter per version and marks changes, `auxin show` prints
 * metadata as lines, `auxin diff` leads with what changed in the project, lock times are local
 * with the time left, `lock acquire` before the first push says to push first, plurals are
 * right, and Ctrl-C during a push says how to resume.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin, CLI, ok } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { noise, tempDir } from '../helpers/tmp.js';
import { startHubProcess, type HubProcess } from './helpers/hub-process.js';
import { startProxy, type Proxy } from './helpers/proxy.js';
import { SYNC_RUN_MS } from './helpers/sync.js';

const ADMIN = 'music-admin-token-0123456789';
let hub: HubProcess;
let proxy: Proxy;
const work = tempDir('auxin-music-');
const song = path.join(work.dir, 'Song.logicx');
const as = (cwd = song) => ({
  cwd,
  token: ADMIN,
  home: path.join(work.dir, 'home'),
  timeoutMs: SYNC_RUN_MS,
});

beforeAll(async () => {
  const data = path.join(work.dir, 'hub');
  fs.mkdirSync(data);
  hub = await startHubProcess(data, { env: { AUXIN_ADMIN_TOKEN: ADMIN } });
  proxy = await startProxy(hub.port, 512 * 1024);
  fs.cpSync(mitBundle('F0_baseline'), song, { recursive: true });
  await ok(['init'], as());
  await ok(['commit', '-m', 'start'], as());
  for (const n of fs.readdirSync(song)) fs.rmSync(path.join(song, n), { recursive: true });
  fs.cpSync(mitBundle('F1_tempo'), song, { recursive: true });
  await ok(['commit', '-m', 'faster'], as());
});
afterAll(async () => {
  await proxy?.close();
  await hub?.stop();
  work.cleanup();
});

describe('versions in musical words', () => {
  it('log shows tempo, key and meter per version and marks what changed', async () => {
    const r = await ok(['log'], as());
    expect(r.stdout).toContain('Music:  tempo 137.5 BPM, C major, 4/4');
    expect(r.stdout).toContain('Music:  tempo 120 BPM, C major, 4/4');
    expect(r.stdout).toContain('* changed: tempo 120 → 137.5');
    // The first version has nothing to compare with.
    expect(r.stdout.match(/\* changed/g)).toHaveLength(1);
  });

  it('show prints metadata as lines (--json keeps the object); diff leads with the music', async () => {
    const show = await ok(['show'], as());
    expect(show.stdout).toContain('music:  tempo 137.5 BPM, C major, 4/4');
    expect(show.stdout).toContain('sample rate: 44100 Hz');
    expect(show.stdout).not.toContain('metadata: {');
    expect((await ok(['show', '--json'], as())).json().metadata).toMatchObject({ bpm: 137.5 });
    const diff = await ok(['diff', 'HEAD~1', 'HEAD'], as());
    const lines = diff.stdout.split('\n');
    // A plain tempo change is said once: the one-point tempo map is not "changed" beside it.
    expect(lines[0]).toBe('project: tempo 120 → 137.5');
    expect(lines.slice(2).some((l) => l.startsWith('M '))).toBe(true);
    expect((await ok(['diff', 'HEAD~1', 'HEAD', '--json'], as())).json()).toMatchObject({
      metadata_change: expect.stringContaining('tempo 120 → 137.5'),
    });
  });
});

describe('locks and pushes', () => {
  it('lock acquire before the first push says to push first', async () => {
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Song.logicx`], as());
    const r = await auxin(['lock', 'acquire'], as());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('is not on the hub yet: push first (auxin push)');
  });

  it('says "1 version" and shows lock times locally with the time left', async () => {
    const pushed = await ok(['push'], as());
    expect(pushed.stdout).toMatch(/pushed 2 versions to origin\/main/);
    const b = path.join(work.dir, 'B', 'Song.logicx');
    await ok(['clone', `${hub.url}/studio/Song.logicx`, b], as(work.dir));
    fs.writeFileSync(path.join(b, 'Alternatives', '000', 'notes.txt'), 'n');
    await ok(['commit', '-m', 'notes'], as(b));
    expect((await ok(['push'], as(b))).stdout).toMatch(
      /pushed 1 version to origin\/main: 1 chunk,/,
    );
    const locked = await ok(['lock', 'acquire', '--ttl', '2h'], as());
    expect(locked.stdout).toMatch(/until .+ \(1 h 59 min left\)|until .+ \(2 h 0 min left\)/);
    expect(locked.stdout).not.toMatch(/\d{4}-\d\d-\d\dT/);
    const status = await ok(['lock', 'status'], as(b));
    expect(status.stdout).toMatch(/is locked by admin on .+ until .+ \(\d h \d+ min left\)/);
    await ok(['lock', 'release'], as());
  });

  it('Ctrl-C during a push says to run the same command again', async () => {
    await ok(['pull'], as());
    fs.mkdirSync(path.join(song, 'Media', 'Audio Files'), { recursive: true });
    fs.writeFileSync(path.join(song, 'Media', 'Audio Files', 'take.wav'), noise(4 << 20, 3));
    await ok(['commit', '-m', 'take'], as());
    await ok(['remote', 'add', 'slow', `${proxy.url}/studio/Song.logicx`], as());
    proxy.reset();
    const child = spawn(process.execPath, [CLI, 'push', 'slow'], {
      cwd: song,
      env: { ...process.env, AUXIN_TOKEN: ADMIN, HOME: path.join(work.dir, 'home') },
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const closed = new Promise<number | null>((r) => child.once('close', r));
    // Interrupted once the upload is under way (the proxy lets 512 KiB/s through).
    const deadline = Date.now() + 20_000;
    while (proxy.up < 256 * 1024 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const code = await closed;
    expect(code, err).toBe(130);
    expect(err).toContain('auxin: interrupted: run the same command again to resume');
    // And it does resume.
    await ok(['push', 'slow'], as());
  });
});
