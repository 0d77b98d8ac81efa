import { describe, expect, it } from 'vitest';
import { isAncestor, missingHistory } from '../../src-main/sync/graph.js';
import type { SyncStore } from '../../src-main/sync/store-port.js';

/** A commit graph in memory: only what the walks read. */
function graph(edges: Record<string, string[]>): SyncStore {
  return {
    hasCommit: (id: string) => id in edges,
    readCommit: (id: string) => ({ parent_ids: edges[id]!, tree_id: `t-${id}` }),
  } as unknown as SyncStore;
}

describe('history walks', () => {
  //   a - b - c - e (want)
  //        \     /
  //         d ---
  const g = graph({ a: [], b: ['a'], c: ['b'], d: ['b'], e: ['c', 'd'] });

  it('lists what is reachable from want and not from have, parents first', async () => {
    const h = await missingHistory(g, 'e', ['b']);
    const order = h.map((c) => c.id);
    expect(new Set(order)).toEqual(new Set(['c', 'd', 'e']));
    expect(order.at(-1)).toBe('e');
    expect(h.find((c) => c.id === 'e')).toMatchObject({ tree_id: 't-e', parent_ids: ['c', 'd'] });
    const all = (await missingHistory(g, 'e', [])).map((c) => c.id);
    for (const [child, parents] of Object.entries({
      b: ['a'],
      c: ['b'],
      d: ['b'],
      e: ['c', 'd'],
    })) {
      for (const p of parents) expect(all.indexOf(p)).toBeLessThan(all.indexOf(child));
    }
    expect(await missingHistory(g, 'e', ['e'])).toEqual([]);
    // A `have` the store does not know is ignored, not an error.
    expect((await missingHistory(g, 'c', ['zz'])).map((c) => c.id)).toEqual(['a', 'b', 'c']);
  });

  it('knows ancestors', async () => {
    expect(await isAncestor(g, 'a', 'e')).toBe(true);
    expect(await isAncestor(g, 'd', 'e')).toBe(true);
    expect(await isAncestor(g, 'd', 'c')).toBe(false);
    expect(await isAncestor(g, 'e', 'a')).toBe(false);
    expect(await isAncestor(g, 'c', 'c')).toBe(true);
  });
});
