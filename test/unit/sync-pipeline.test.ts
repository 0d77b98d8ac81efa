import { describe, expect, it } from 'vitest';
import { batches } from '../../src-main/sync/graph.js';
import { sizedUnits } from '../../src-main/core/units.js';
import { Inflight, readAhead } from '../../src-main/sync/pipeline.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('sync pipeline helpers', () => {
  it('readAhead keeps order and never runs more than `depth` ahead', async () => {
    let running = 0;
    let peak = 0;
    const out: number[] = [];
    const items = Array.from({ length: 20 }, (_, i) => i);
    for await (const [i, v] of readAhead(items, 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await tick(20 - n); // later items finish sooner
      running--;
      return n * 10;
    })) {
      expect(v).toBe(i * 10);
      out.push(i);
    }
    expect(out).toEqual(items);
    expect(peak).toBeLessThanOrEqual(3);
  });

  it('Inflight bounds count and bytes, and reports the first failure', async () => {
    const w = new Inflight(4, 100);
    let running = 0;
    let peakCount = 0;
    for (let i = 0; i < 12; i++) {
      await w.add(async () => {
        running++;
        peakCount = Math.max(peakCount, running);
        await tick(5);
        running--;
      }, 40);
    }
    await w.drain();
    expect(peakCount).toBeLessThanOrEqual(2); // 40-byte items under a 100-byte budget
    const f = new Inflight(4, 1000);
    await f.add(async () => {
      throw new Error('disk full');
    }, 1);
    await expect(f.drain()).rejects.toThrow('disk full');
  });

  it('sizedUnits groups by bytes and count; batches by count', () => {
    const units = sizedUnits([3, 3, 3, 10, 1], (n) => n, 6, 100);
    expect(units).toEqual([[3, 3], [3], [10], [1]]);
    expect(sizedUnits([1, 1, 1], (n) => n, 100, 2)).toEqual([[1, 1], [1]]);
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
