import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store, treeObjectBytes } from '../../src-main/store/index.js';
import { AuxinError } from '../../src-shared/errors.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

/** Every entry under `dir` as raw name bytes (hex), kind, mode, content or link target. */
function snapshot(dir: string, rel = ''): string[] {
  const out: string[] = [];
  const abs = rel ? `${dir}/${rel}` : dir;
  for (const raw of readdirSync(abs, { encoding: 'buffer' })) {
    const name = raw.toString('utf8');
    if (!rel && name === '.auxin') continue;
    const path = rel ? `${rel}/${name}` : name;
    const st = lstatSync(`${dir}/${path}`);
    const key = `${Buffer.from(path).toString('hex')} ${(st.mode & 0o777).toString(8)}`;
    if (st.isSymbolicLink()) out.push(`${key} link ${readlinkSync(`${dir}/${path}`)}`);
    else if (st.isDirectory()) {
      out.push(`${key} dir`);
      out.push(...snapshot(dir, path));
    } else
      out.push(
        `${key} file ${readFileSync(`${dir}/${path}`).toString('base64').slice(0, 40)} ${st.size}`,
      );
  }
  return out.sort();
}

describe('awkward content round-trips byte for byte', () => {
  it('names in NFD and NFC, #, spaces, Cyrillic; empty files and folders; exec bit; links', async () => {
    const w = `${t.dir}/Проект #1.logicx`;
    mkdirSync(`${w}/Media/Audio Files`, { recursive: true });
    writeFileSync(`${w}/Media/Audio Files/Cafe\u0301 take #2.wav`, noise(200_000, 1)); // NFD
    writeFileSync(`${w}/Media/Audio Files/Caf\u00e9 take #2.wav`, noise(200_000, 2)); // NFC: a different file on Linux
    writeFileSync(`${w}/Media/Audio Files/Бас гитара.aif`, noise(50_000, 3));
    writeFileSync(`${w}/empty`, '');
    mkdirSync(`${w}/Empty Folder`);
    writeFileSync(`${w}/run.sh`, '#!/bin/sh\necho hi\n');
    chmodSync(`${w}/run.sh`, 0o755);
    symlinkSync('Media/Audio Files', `${w}/audio-link`);
    symlinkSync('../../outside/secret', `${w}/escape-link`);
    mkdirSync(`${t.dir}/outside`);
    writeFileSync(`${t.dir}/outside/secret`, 'do not read');
    symlinkSync(`${t.dir}/outside`, `${w}/outside-dir-link`);
    const before = snapshot(w);

    const store = await Store.init(w);
    const c1 = await store.commit({ message: 'awkward', author: 'a' });
    const tree = await store.readTree(c1.commit.tree_id);
    // Links are stored as links; nothing behind them is read.
    expect(tree.entries.find((e) => e.path === 'outside-dir-link')).toMatchObject({
      kind: 'symlink',
      target: `${t.dir}/outside`,
    });
    expect(tree.entries.some((e) => e.path.startsWith('outside-dir-link/'))).toBe(false);
    expect(
      tree.entries
        .filter((e) => e.path.includes('take #2'))
        .map((e) => Buffer.from(e.path).toString('hex')),
    ).toHaveLength(2);

    // Go to an empty version and back: everything comes back exactly.
    writeFileSync(`${w}/placeholder`, 'x');
    for (const e of readdirSync(w))
      if (e !== 'placeholder')
        await import('node:fs/promises').then((f) => f.rm(`${w}/${e}`, { recursive: true }));
    await store.commit({ message: 'emptied', author: 'a' });
    expect(readdirSync(w)).toEqual(['placeholder']);
    await store.checkout(c1.commit.id);
    expect(snapshot(w)).toEqual(before);
    expect((await store.status()).clean).toBe(true);
    expect(readFileSync(`${t.dir}/outside/secret`, 'utf8')).toBe('do not read');
  });

  it('never writes through a link in the working folder', async () => {
    const w = `${t.dir}/p`;
    mkdirSync(`${w}/Media`, { recursive: true });
    writeFileSync(`${w}/Media/a.wav`, 'audio');
    const store = await Store.init(w);
    const c1 = await store.commit({ message: 'm', author: 'a' });
    // Someone replaces Media with a link to a folder outside the project.
    mkdirSync(`${t.dir}/victim`);
    writeFileSync(`${t.dir}/victim/a.wav`, 'precious');
    await import('node:fs/promises').then((f) => f.rm(`${w}/Media`, { recursive: true }));
    symlinkSync(`${t.dir}/victim`, `${w}/Media`);
    await store.checkout(c1.commit.id, { force: true });
    expect(readFileSync(`${t.dir}/victim/a.wav`, 'utf8')).toBe('precious');
    expect(lstatSync(`${w}/Media`).isDirectory()).toBe(true);
    expect(readFileSync(`${w}/Media/a.wav`, 'utf8')).toBe('audio');
  });

  it('refuses trees that would escape the project or write through a link', async () => {
    const store = await Store.init(`${t.dir}/r`, { bare: true });
    const hostile = [
      { entries: [{ path: '../evil', kind: 'dir' as const, mode: 0o755, size: 0 }] },
      {
        entries: [
          { path: 'ln', kind: 'symlink' as const, mode: 0o777, size: 4, target: '/etc' },
          { path: 'ln/passwd', kind: 'symlink' as const, mode: 0o777, size: 1, target: 'x' },
        ],
      },
      { entries: [{ path: 'a/b', kind: 'dir' as const, mode: 0o755, size: 0 }] },
      {
        entries: [
          { path: 'b', kind: 'dir' as const, mode: 0o755, size: 0 },
          { path: 'a', kind: 'dir' as const, mode: 0o755, size: 0 },
        ],
      },
      { entries: [{ path: '.auxin', kind: 'dir' as const, mode: 0o755, size: 0 }] },
    ];
    for (const tree of hostile) {
      const { id, bytes } = treeObjectBytes(tree);
      const err = await store.putObjectBytes('tree', id, bytes).catch((e: unknown) => e);
      expect(err, JSON.stringify(tree)).toBeInstanceOf(AuxinError);
      expect((err as AuxinError).code).toBe('VALIDATION_FAILED');
      expect(existsSync(store.objects.objectPath('tree', id))).toBe(false);
    }
  });

  it('leaves ignored files alone and honours .auxinignore', async () => {
    const w = `${t.dir}/Song.logicx`;
    mkdirSync(`${w}/Autosave`, { recursive: true });
    mkdirSync(`${w}/Alternatives/000/Undo Data.nosync`, { recursive: true });
    writeFileSync(`${w}/Autosave/x`, 'autosave');
    writeFileSync(`${w}/Alternatives/000/Undo Data.nosync/u`, 'undo');
    writeFileSync(`${w}/Alternatives/000/ProjectData`, 'pd');
    writeFileSync(`${w}/.DS_Store`, 'finder');
    writeFileSync(`${w}/Alternatives/000/._ProjectData`, 'AppleDouble from an exFAT drive');
    writeFileSync(`${w}/.auxinignore`, 'Bounces/\n*.tmp\n');
    mkdirSync(`${w}/Bounces`);
    writeFileSync(`${w}/Bounces/mix.wav`, 'bounce');
    writeFileSync(`${w}/x.tmp`, 'tmp');
    const store = await Store.init(w);
    const c = await store.commit({ message: 'm', author: 'a' });
    const paths = (await store.readTree(c.commit.tree_id)).entries.map((e) => e.path);
    expect(paths).toEqual([
      '.auxinignore',
      'Alternatives',
      'Alternatives/000',
      'Alternatives/000/ProjectData',
    ]);
  });

  it('a checkout keeps an ignored folder where the version has a folder (no EEXIST)', async () => {
    const w = t.dir;
    const store = await Store.init(w);
    mkdirSync(`${w}/Bounces`);
    writeFileSync(`${w}/Bounces/mix.wav`, 'tracked');
    const v1 = (await store.commit({ message: 'v1', author: 'a' })).commit.id;
    writeFileSync(`${w}/.auxinignore`, 'Bounces/\n');
    await store.commit({ message: 'v2', author: 'a' }); // Bounces/ is no longer in the version
    writeFileSync(`${w}/Bounces/local.wav`, 'mine, ignored');
    await store.checkout(v1);
    expect(readFileSync(`${w}/Bounces/mix.wav`, 'utf8')).toBe('tracked');
    expect(readFileSync(`${w}/Bounces/local.wav`, 'utf8')).toBe('mine, ignored');
    expect(existsSync(`${w}/.auxinignore`)).toBe(false);
  });
});
