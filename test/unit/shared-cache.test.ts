import { describe, expect, it } from 'vitest';
import { SharedCache } from '../../src-main/hub/shared-cache.js';

/** A computation that finishes when the test says so, counting how often it was started. */
function gate<V>(value: V) {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  const calls = { n: 0 };
  const compute = async () => {
    calls.n++;
    await opened;
    return value;
  };
  return { compute, open, calls };
}

const cache = (maxEntries: number, maxBytes: number) =>
  new SharedCache<number[]>({ maxEntries, maxBytes, weigh: (a) => a.length * 8 });

describe('the shared cache', () => {
  it('computes once when two requests for the same key arrive at once', async () => {
    const c = cache(10, 1 << 20);
    const g = gate([1, 2]);
    const a = c.get('k', g.compute);
    const b = c.get('k', g.compute);
    g.open();
    expect(await a).toEqual([1, 2]);
    expect(await b).toBe(await a);
    expect(g.calls.n).toBe(1);
    // Later requests are answered from the cache.
    expect(await c.get('k', g.compute)).toEqual([1, 2]);
    expect(g.calls.n).toBe(1);
  });

  it('keeps no failure: the next request computes again', async () => {
    const c = cache(10, 1 << 20);
    let n = 0;
    const failing = async () => {
      n++;
      throw new Error('disk gone');
    };
    const both = [c.get('k', failing), c.get('k', failing)];
    for (const p of both) await expect(p).rejects.toThrow('disk gone');
    expect(n).toBe(1);
    expect(await c.get('k', async () => [7])).toEqual([7]);
    expect(c.size).toBe(1);
  });

  it('forgets the least recently used answer beyond its entry limit', async () => {
    const c = cache(2, 1 << 20);
    let n = 0;
    const make = (v: number) => async () => (n++, [v]);
    await c.get('a', make(1));
    await c.get('b', make(2));
    await c.get('a', make(1)); // a is now more recent than b
    await c.get('c', make(3));
    expect(c.size).toBe(2);
    expect(n).toBe(3);
    await c.get('a', make(1));
    expect(n).toBe(3); // a stayed
    await c.get('b', make(2));
    expect(n).toBe(4); // b was dropped
  });

  it('stays under its byte budget and keeps nothing heavier than it', async () => {
    const c = cache(100, 80); // 10 numbers
    await c.get('a', async () => new Array(4).fill(0));
    await c.get('b', async () => new Array(4).fill(0));
    expect(c.weight).toBe(64);
    await c.get('c', async () => new Array(4).fill(0));
    expect(c.weight).toBe(64);
    expect(c.size).toBe(2);
    expect(await c.get('huge', async () => new Array(11).fill(0))).toHaveLength(11);
    expect(c.size).toBe(2);
    expect(c.weight).toBeLessThanOrEqual(80);
  });
});
