import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBundle } from '../../src-main/logic/reader.js';
import { readBundleFromTree } from '../../src-main/logic/tree-source.js';
import { Store } from '../../src-main/store/index.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { copyBundle } from '../helpers/logic-save.js';
import { tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

async function commitTree(workDir: string) {
  const store = await Store.init(workDir);
  const r = await store.commit({ message: 'v1', author: 'ana' });
  return { store, tree: await store.readTree(r.commit.tree_id) };
}

describe('reading a stored version (what the hub does with pushed chunks)', () => {
  it('a bundle version reads the same as the folder it was committed from', async () => {
    const b = await copyBundle(mitBundle('F21_multitrack_regions'), t.dir, 'Song.logicx');
    const { store, tree } = await commitTree(b);
    const fromTree = await readBundleFromTree(tree, store, 'Song');
    expect(fromTree).toEqual(await readBundle(b));
    expect(fromTree?.audio_files.missing).toEqual([]);
    expect(fromTree?.tempo_map).toEqual([{ tick: 0, bpm: 120 }]);
  });

  it('a folder-project version reads its one bundle', async () => {
    const proj = path.join(t.dir, 'MySong');
    mkdirSync(proj);
    await copyBundle(mitBundle('F9_tempometer'), proj, 'MySong.logicx');
    const { store, tree } = await commitTree(proj);
    const m = await readBundleFromTree(tree, store, 'whatever');
    expect(m).toMatchObject({ name: 'MySong', bpm: 120 });
    expect(m?.meter_map).toHaveLength(3);
  });

  it('a version without a project has no metadata', async () => {
    const d = path.join(t.dir, 'plain');
    mkdirSync(d);
    writeFileSync(path.join(d, 'notes.txt'), 'hello');
    const { store, tree } = await commitTree(d);
    expect(await readBundleFromTree(tree, store, 'plain')).toBeUndefined();
  });

  it('refuses a state file whose stored size is over the limit without reading it', async () => {
    const b = await copyBundle(mitBundle('F0_baseline'), t.dir, 'Big.logicx');
    const { store, tree } = await commitTree(b);
    const md = tree.entries.find((e) => e.path === 'Alternatives/000/MetaData.plist')!;
    md.size = 100 * 1024 * 1024;
    const reader = {
      fileStream: (e: (typeof tree.entries)[number]) => {
        if (e === md) throw new Error('must not be read');
        return store.fileStream(e);
      },
    };
    const m = await readBundleFromTree(tree, reader, 'Big');
    expect(m?.warnings.join()).toMatch(/MetaData.plist: cannot read .*limit/);
    expect(m?.bpm).toBe(120); // from ProjectData, with a warning
    expect(m?.sample_rate).toBeUndefined();
  });
});
