import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { auxin } from '../helpers/cli.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

describe('auxin local commands', () => {
  it('init, commit, log --json, diff, show, checkout, branch from inside a bundle', async () => {
    const b = `${t.dir}/Song.logicx`;
    mkdirSync(`${b}/Media/Audio Files`, { recursive: true });
    writeFileSync(`${b}/Media/Audio Files/take 1.wav`, noise(400_000, 5));
    expect((await auxin(['init'], { cwd: b })).code).toBe(0);
    const st = await auxin(['status'], { cwd: `${b}/Media` });
    expect(st.stdout).toContain(`store: ${t.dir}/.Song.logicx.auxin`);
    expect(
      (await auxin(['commit', '-m', 'first take', '--author', 'ana'], { cwd: `${b}/Media` })).code,
    ).toBe(0);
    writeFileSync(`${b}/ProjectData`, noise(2000, 6));
    const c2 = await auxin(['commit', '-m', 'project saved', '--author', 'ben'], { cwd: b });
    expect(c2.code, c2.stderr).toBe(0);

    const log = JSON.parse((await auxin(['log', '--json'], { cwd: b })).stdout) as Record<
      string,
      unknown
    >[];
    expect(log.map((c) => c.message)).toEqual(['project saved', 'first take']);
    for (const c of log) {
      expect(Object.keys(c)).toEqual(
        expect.arrayContaining(['id', 'parent_ids', 'message', 'author', 'timestamp', 'metadata']),
      );
    }
    expect(log[0]!.parent_ids).toEqual([log[1]!.id]);

    const diff = JSON.parse(
      (await auxin(['diff', String(log[1]!.id), 'HEAD', '--json'], { cwd: b })).stdout,
    );
    expect(diff.added).toEqual([{ path: 'ProjectData', kind: 'file', size: 2000 }]);
    const show = JSON.parse((await auxin(['show', 'HEAD', '--json'], { cwd: b })).stdout);
    expect(show.files.map((f: { path: string }) => f.path)).toContain(
      'Media/Audio Files/take 1.wav',
    );

    expect((await auxin(['branch', 'mix'], { cwd: b })).code).toBe(0);
    expect((await auxin(['branch'], { cwd: b })).stdout).toMatch(/\* main/);
    const co = await auxin(['checkout', String(log[1]!.id).slice(0, 10)], { cwd: b });
    expect(co.code, co.stderr).toBe(0);
    expect(readdirSync(b).sort()).toEqual(['Media']);
    expect((await auxin(['checkout', 'mix'], { cwd: b })).code).toBe(0);
    expect(readFileSync(`${b}/ProjectData`).equals(noise(2000, 6))).toBe(true);

    const bad = await auxin(['checkout', 'nope'], { cwd: b });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('UNKNOWN_REVISION');
  });

  it('shows look-alike names with their normalisation form', async () => {
    const p = `${t.dir}/p`;
    mkdirSync(p);
    writeFileSync(`${p}/Cafe\u0301.wav`, 'nfd');
    writeFileSync(`${p}/Caf\u00e9.wav`, 'nfc');
    await auxin(['init'], { cwd: p });
    await auxin(['commit', '-m', 'm'], { cwd: p });
    const out = (await auxin(['show', 'HEAD'], { cwd: p })).stdout;
    expect(out).toContain('"Cafe\u0301.wav" [NFD]');
    expect(out).toContain('"Caf\u00e9.wav" [NFC]');
  });

  it('works inside a bare store folder as it is', async () => {
    const p = `${t.dir}/p`;
    mkdirSync(p);
    writeFileSync(`${p}/f`, 'x');
    await auxin(['init'], { cwd: p });
    await auxin(['commit', '-m', 'm'], { cwd: p });
    const store = `${p}/.auxin`;
    expect(JSON.parse((await auxin(['log', '--json'], { cwd: store })).stdout)).toHaveLength(1);
    expect((await auxin(['fsck'], { cwd: store })).code).toBe(0);
    const stats = JSON.parse((await auxin(['stats', '--json'], { cwd: store })).stdout);
    expect(stats.logical_bytes).toBe(1);
    expect((await auxin(['init', '--bare', 'hub-repo'], { cwd: t.dir })).code).toBe(0);
    const bare = `${t.dir}/hub-repo`;
    expect((await auxin(['status'], { cwd: bare })).stdout).toContain(`store: ${bare} (bare)`);
    const commit = await auxin(['commit', '-m', 'x'], { cwd: bare });
    expect(commit.code).toBe(1);
    expect(commit.stderr).toMatch(/^auxin: .*bare store.*\n$/);
  });

  it('fsck fails and names the file and version when one byte of a chunk flips', async () => {
    const p = `${t.dir}/p`;
    mkdirSync(`${p}/Media`, { recursive: true });
    writeFileSync(`${p}/Media/bass.wav`, noise(300_000, 9));
    writeFileSync(`${p}/other.txt`, 'fine');
    await auxin(['init'], { cwd: p });
    await auxin(['commit', '-m', 'm'], { cwd: p });
    const head = JSON.parse((await auxin(['log', '--json'], { cwd: p })).stdout)[0].id as string;
    expect((await auxin(['fsck'], { cwd: p })).code).toBe(0);
    const show = JSON.parse((await auxin(['show', 'HEAD', '--json'], { cwd: p })).stdout);
    const wav = show.files.find((f: { path: string }) => f.path === 'Media/bass.wav');
    expect(wav).toBeTruthy();
    // Flip one byte in the middle of a stored chunk of bass.wav, inside its pack file.
    const store = Store.open(`${p}/.auxin`);
    const tree = await store.readTree((await store.readCommit(head)).tree_id);
    const entry = tree.entries.find((e) => e.path === 'Media/bass.wav')!;
    const loc = store.objects.chunks.location(entry.chunks![0]!.id)!;
    const bytes = readFileSync(loc.path);
    const mid = loc.offset + (loc.length >> 1);
    bytes[mid] = bytes[mid]! ^ 0xff;
    writeFileSync(loc.path, bytes);
    const r = await auxin(['fsck'], { cwd: p });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Media/bass.wav"');
    expect(r.stderr).toContain(head.slice(0, 12));
    expect(r.stderr).not.toContain('other.txt');
  });
});
