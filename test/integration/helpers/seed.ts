/**
 * Put real versions into a hub repository without the sync protocol: commit in a scratch working
 * folder with the store, then copy chunks, trees and commits into the hub's bare store and move
 * its branch, the same order a push uses.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Store } from '../../../src-main/store/index.js';
import { tempDir } from '../../helpers/tmp.js';

export type Version = { message: string; author?: string; files: Record<string, string | Buffer> };

export async function seedRepo(
  bareRoot: string,
  versions: Version[],
  branch = 'main',
): Promise<string[]> {
  const { dir: work, cleanup } = tempDir('auxin-seed-');
  try {
    const ws = await Store.init(work);
    const ids: string[] = [];
    for (const v of versions) {
      for (const [rel, data] of Object.entries(v.files)) {
        fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true });
        fs.writeFileSync(path.join(work, rel), data);
      }
      const r = await ws.commit({ message: v.message, author: v.author ?? 'ana' });
      ids.push(r.commit.id);
      // Distinct commit times, so newest-first order is checkable.
      await new Promise((res) => setTimeout(res, 15));
    }
    const bare = Store.open(bareRoot);
    // Oldest first: the store refuses an object whose references are not stored yet.
    for (const c of (await ws.log(ids[ids.length - 1]!)).reverse()) {
      const tree = await ws.readTree(c.tree_id);
      const pack = bare.chunkWriter();
      for (const e of tree.entries) {
        for (const ch of e.chunks ?? []) await pack.add(ch.id, await ws.readChunk(ch.id));
      }
      await pack.seal();
      await bare.putObjectBytes('tree', c.tree_id, await ws.readObjectBytes('tree', c.tree_id));
      await bare.putObjectBytes('commit', c.id, await ws.readObjectBytes('commit', c.id));
    }
    await bare.sync();
    await bare.casRef(branch, bare.readRef(branch), ids[ids.length - 1]!);
    return ids;
  } finally {
    cleanup();
  }
}
