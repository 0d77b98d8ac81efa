/**
 * A store whose folder was deleted under it (a repository deleted on the hub while a push moved
 * its branch, or while its versions were read) stays deleted: nothing written through the store
 * still open brings the folder back. A churn of deletes against pushing clients left
 * `<data>/<ns>/<name>/locks/` behind, and with it the name: the hub listed no such repository,
 * yet creating it (or pushing to it) answered 409 ALREADY_EXISTS for good.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../../src-main/store/index.js';
import { acquireLock } from '../../src-main/store/lockfile.js';
import { canonicalBytes } from '../../src-main/store/canonical.js';
import { blake3Hex } from '../../src-main/store/hash.js';
import { MetadataFiles } from '../../src-main/hub/metadata/files.js';
import { initBareStore } from '../../src-main/hub/store-init.js';
import { tempDir } from '../helpers/tmp.js';
import { seedRepo } from './helpers/seed.js';

const tmp = tempDir('auxin-gone-');
afterAll(() => tmp.cleanup());

async function deletedStore(name: string): Promise<{ dir: string; store: Store; head: string }> {
  const dir = path.join(tmp.dir, name);
  await initBareStore(dir);
  const [head] = await seedRepo(dir, [{ message: 'v1', files: { 'a.txt': 'a' } }]);
  const store = Store.open(dir);
  expect(store.readRef('main')).toBe(head);
  // As the hub deletes: moved aside, then removed.
  fs.renameSync(dir, `${dir}.trash`);
  fs.rmSync(`${dir}.trash`, { recursive: true });
  return { dir, store, head: head! };
}

describe('a store deleted under an open Store', () => {
  it("taking a branch's lock (as a push moving it does) fails, and leaves no folder behind", async () => {
    const { dir } = await deletedStore('refs');
    await expect(
      acquireLock(path.join(dir, 'locks', 'refs%2Fheads%2Fmain.lock'), { what: 'branch main' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('storing a tree fails, and leaves no folder behind', async () => {
    const { dir, store } = await deletedStore('objects');
    const tree = canonicalBytes({ entries: [] });
    await expect(store.putObjectBytes('tree', blake3Hex(tree), tree)).rejects.toThrow();
    expect(fs.existsSync(dir)).toBe(false);
  });

  it("writing a version's metadata fails, and leaves no folder behind", async () => {
    const { dir, head } = await deletedStore('metadata');
    const files = new MetadataFiles(dir);
    await expect(files.writeVersion({ commit_id: head, extracted: null })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      files.writeSummary({} as Parameters<MetadataFiles['writeSummary']>[0]),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('a store still there keeps making its missing folders', async () => {
    const dir = path.join(tmp.dir, 'alive');
    await initBareStore(dir);
    fs.rmSync(path.join(dir, 'locks'), { recursive: true });
    fs.rmSync(path.join(dir, 'metadata'), { recursive: true });
    const [head] = await seedRepo(dir, [{ message: 'v1', files: { 'a.txt': 'a' } }]);
    expect(Store.open(dir).readRef('main')).toBe(head);
    const release = await acquireLock(path.join(dir, 'locks', 'x.lock'));
    await release();
    await new MetadataFiles(dir).writeVersion({ commit_id: head!, extracted: null });
    expect(await new MetadataFiles(dir).readVersion(head!)).toMatchObject({ commit_id: head });
  });
});
