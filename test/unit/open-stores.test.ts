import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { blake3Hex, Store } from '../../src-main/store/index.js';
import { OpenStores } from '../../src-main/hub/open-stores.js';
import { tempDir } from '../helpers/tmp.js';

describe('OpenStores: one store per repository folder, let go when idle', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  async function bareRepo(name: string): Promise<string> {
    const root = tempDir('auxin-open-stores-').dir;
    dirs.push(root);
    const dir = path.join(root, name);
    await Store.init(dir, { bare: true });
    return dir;
  }

  it('hands out the same store until it has been idle for idleMs', async () => {
    let now = 0;
    const stores = new OpenStores({ idleMs: 1000, now: () => now });
    const a = await bareRepo('a');
    const b = await bareRepo('b');
    const first = stores.get(a);
    now = 900;
    expect(stores.get(a)).toBe(first);
    stores.get(b);
    // a was last used at 900: still open at 1899, let go at 1900 (on the next call for anyone).
    now = 1899;
    stores.get(b);
    expect(stores.size).toBe(2);
    now = 1900;
    stores.get(b);
    expect(stores.size).toBe(1);
    const second = stores.get(a);
    expect(second).not.toBe(first);
    expect(second.root).toBe(first.root);
  });

  it('keeps a store holding writes it has not made durable, and lets it go once synced', async () => {
    let now = 0;
    const stores = new OpenStores({ idleMs: 1000, now: () => now });
    const a = await bareRepo('a');
    const other = await bareRepo('other');
    const s = stores.get(a);
    const bytes = Buffer.from('a take');
    await s.putChunk(blake3Hex(bytes), bytes);
    expect(s.unsynced).toBeGreaterThan(0);
    now = 5000;
    stores.get(other);
    expect(stores.get(a)).toBe(s);
    await s.sync();
    now = 10_000;
    stores.get(other);
    expect(stores.get(a)).not.toBe(s);
    // The store let go of still reads for whoever holds it.
    expect((await s.readChunk(blake3Hex(bytes))).toString()).toBe('a take');
  });

  it('forget drops a store at once, so a folder made again starts from its own files', async () => {
    const stores = new OpenStores();
    const a = await bareRepo('a');
    const s = stores.get(a);
    const bytes = Buffer.from('gone with the repository');
    await s.putChunk(blake3Hex(bytes), bytes);
    await s.sync();
    stores.forget(a);
    fs.rmSync(a, { recursive: true });
    await Store.init(a, { bare: true });
    const fresh = stores.get(a);
    expect(fresh).not.toBe(s);
    expect(await fresh.missingChunks([blake3Hex(bytes)])).toEqual([blake3Hex(bytes)]);
    stores.closeAll();
    expect(stores.size).toBe(0);
  });
});
