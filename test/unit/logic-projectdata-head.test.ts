/**
 * A ProjectData that is not one (junk, or one being written) is refused by its 24-byte header,
 * before the reader loads up to 256 MiB of it: on disk and from a stored version alike.
 */
import { cpSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectBundle } from '../../src-main/logic/reader.js';
import { createFsSource, type BundleFileSource } from '../../src-main/logic/source.js';
import { readBundleFromTree } from '../../src-main/logic/tree-source.js';
import { Store } from '../../src-main/store/index.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';

const { dir: work, cleanup } = tempDir('auxin-pdhead-');
afterAll(cleanup);

const PD = 'Alternatives/000/ProjectData';
const BIG = 64 * 1024 * 1024;

/** The fixture bundle copied, with its ProjectData replaced by `make`'s file. */
function bundleWith(name: string, make: (file: string) => void): string {
  const dir = path.join(work, name, 'Song.logicx');
  cpSync(mitBundle('F9_tempometer'), dir, { recursive: true });
  make(path.join(dir, PD));
  return dir;
}

/** A file source that records which files were loaded whole. */
function spied(dir: string): { source: BundleFileSource; loaded: string[] } {
  const inner = createFsSource(dir);
  const loaded: string[] = [];
  const source: BundleFileSource = {
    ...inner,
    name: inner.name,
    readFile: (rel, max) => {
      loaded.push(rel);
      return inner.readFile(rel, max);
    },
  };
  return { source, loaded };
}

describe('a ProjectData refused by its header', () => {
  it('is never loaded when it is junk', async () => {
    const dir = bundleWith('junk', (f) => {
      writeFileSync(f, '');
      truncateSync(f, BIG); // 64 MiB of zeros: no magic
    });
    const { source, loaded } = spied(dir);
    const reading = await inspectBundle(source);
    expect(loaded).not.toContain(PD);
    expect(reading.metadata.warnings.join('\n')).toContain('ProjectData has a wrong magic');
    rmSync(path.dirname(dir), { recursive: true });
  });

  it('is never loaded when it is cut short (being written)', async () => {
    const dir = bundleWith('cut', (f) => truncateSync(f, 100));
    const { source, loaded } = spied(dir);
    const reading = await inspectBundle(source);
    expect(loaded).not.toContain(PD);
    expect(reading.metadata.warnings.join('\n')).toMatch(/declares \d+ bytes but has 100/);
  });

  it('reads a whole one as before', async () => {
    const dir = bundleWith('whole', () => {});
    const { source, loaded } = spied(dir);
    const reading = await inspectBundle(source);
    expect(loaded).toContain(PD);
    expect(reading.metadata.tempo_map?.length).toBeGreaterThan(0);
  });

  it('is refused the same way from a stored version', async () => {
    const dir = bundleWith('stored', (f) => {
      writeFileSync(f, '');
      truncateSync(f, 8 * 1024 * 1024);
    });
    const store = await Store.init(dir);
    const { commit } = await store.commit({ message: 'junk', author: 'ana' });
    const tree = await store.readTree(commit.tree_id);
    let streamed = 0;
    const reader = {
      fileStream: (e: Parameters<typeof store.fileStream>[0]) => {
        const s = store.fileStream(e);
        if (e.path === PD) s.on('data', (b: Buffer) => (streamed += b.length));
        return s;
      },
    };
    const m = await readBundleFromTree(tree, reader, 'Song.logicx');
    expect(m?.warnings.join('\n')).toContain('ProjectData has a wrong magic');
    expect(streamed).toBeLessThan(4 * 1024 * 1024);
  });
});
