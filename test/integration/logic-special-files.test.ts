/**
 * Files in a bundle that are not regular files of the bundle: a FIFO must never block a read (it
 * would hold a libuv thread until a writer comes, and four of them stall the whole process), and
 * a symbolic link must never be followed out of the bundle.
 * Every case runs `auxin` as a child process, so a hang fails the test instead of the test runner.
 */
import { execFileSync, spawn } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auxin, CLI } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle } from '../helpers/logic-save.js';
import { startHubProcess } from './helpers/hub-process.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await fsp.rm(dir, { recursive: true, force: true });
  dir = undefined;
});

const mkfifo = (p: string) => execFileSync('mkfifo', [p]);

describe.skipIf(process.platform === 'win32')('special files in a bundle', () => {
  it('reads around a FIFO in place of a state file instead of hanging', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-fifo-'));
    const song = await copyBundle(mitBundle('F9_tempometer'), dir, 'Song.logicx');
    const md = path.join(song, 'Alternatives/000/MetaData.plist');
    await fsp.rm(md);
    mkfifo(md);
    const t0 = Date.now();
    const r = await auxin(['meta', song, '--json'], { timeoutMs: 10_000 });
    expect(Date.now() - t0).toBeLessThan(9_000);
    expect(r.code).toBe(0);
    const meta = JSON.parse(r.stdout) as { tempo_map: unknown[] };
    // ProjectData still gives the maps; the FIFO is reported as absent, not read.
    expect(meta.tempo_map.length).toBeGreaterThan(1);
  }, 20_000);

  it('watches a library holding FIFO state files and still lists every bundle', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-fifo-'));
    await copyBundle(mitBundle('F0_baseline'), dir, 'Good.logicx');
    // More than libuv's four threads, each one a blocked open() without the fix.
    for (let i = 0; i < 5; i++) {
      const b = await copyBundle(mitBundle('F0_baseline'), dir, `Bad${i}.logicx`);
      await fsp.rm(path.join(b, 'Alternatives/000/ProjectData'));
      mkfifo(path.join(b, 'Alternatives/000/ProjectData'));
    }
    const child = spawn(process.execPath, [CLI, 'watch', dir, '--json', '--quiet-ms', '100'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const added = () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { event: string; path: string })
        .filter((e) => e.event === 'project.added')
        .map((e) => path.basename(e.path))
        .sort();
    try {
      const deadline = Date.now() + 8_000;
      while (added().length < 6 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
    } finally {
      child.kill('SIGKILL');
    }
    expect(added()).toEqual([
      'Bad0.logicx',
      'Bad1.logicx',
      'Bad2.logicx',
      'Bad3.logicx',
      'Bad4.logicx',
      'Good.logicx',
    ]);
  }, 20_000);

  it('never follows a symbolic link out of the bundle, to a file or a folder', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-links-'));
    const other = mitBundle('F9_tempometer');
    const byFile = await copyBundle(mitBundle('F0_baseline'), dir, 'ByFile.logicx');
    const pd = path.join(byFile, 'Alternatives/000/ProjectData');
    await fsp.rm(pd);
    await fsp.symlink(path.join(other, 'Alternatives/000/ProjectData'), pd);
    const r = await auxin(['meta', byFile, '--json'], { timeoutMs: 10_000 });
    expect(r.code).toBe(0);
    const meta = JSON.parse(r.stdout) as { tempo_map?: unknown; warnings: string[] };
    // F9's tempo map (132, 96, 150 bpm) must not show up as this project's.
    expect(meta.tempo_map).toBeUndefined();
    expect(meta.warnings.join(' ')).toContain('ProjectData');

    const byFolder = await copyBundle(mitBundle('F0_baseline'), dir, 'ByFolder.logicx');
    await fsp.rm(path.join(byFolder, 'Alternatives'), { recursive: true });
    await fsp.symlink(path.join(other, 'Alternatives'), path.join(byFolder, 'Alternatives'));
    const r2 = await auxin(['meta', byFolder, '--json'], { timeoutMs: 10_000 });
    expect(r2.stdout).not.toContain('132');
    expect(r2.code).not.toBe(0);
  }, 20_000);

  it('serves the watched projects of a library whose project stores hold a FIFO remotes.json', async () => {
    dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'auxin-fifo-'));
    const lib = path.join(dir, 'lib');
    await fsp.mkdir(lib);
    for (let i = 0; i < 2; i++) {
      await copyBundle(mitBundle('F0_baseline'), lib, `Song${i}.logicx`);
      await fsp.mkdir(path.join(lib, `.Song${i}.logicx.auxin`));
      mkfifo(path.join(lib, `.Song${i}.logicx.auxin`, 'remotes.json'));
    }
    const admin = 'fifo-admin-token-0123456789abcdef';
    const hub = await startHubProcess(path.join(dir, 'data'), {
      args: ['--watch', lib],
      env: { AUXIN_ADMIN_TOKEN: admin },
    });
    try {
      let body: { ready: boolean; projects: unknown[] } = { ready: false, projects: [] };
      const deadline = Date.now() + 8_000;
      while (!(body.ready && body.projects.length === 2) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        const res = await fetch(`${hub.url}/api/local/projects`, {
          headers: { Authorization: `Bearer ${admin}` },
        });
        body = (await res.json()) as typeof body;
      }
      expect(body).toMatchObject({ ready: true, projects: [{ repo: null }, { repo: null }] });
      const t0 = Date.now();
      hub.child.kill('SIGTERM');
      const killer = setTimeout(() => hub.child.kill('SIGKILL'), 10_000);
      expect((await hub.exited).signal).toBeNull();
      clearTimeout(killer);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await hub.stop('SIGKILL');
    }
  }, 30_000);
});
