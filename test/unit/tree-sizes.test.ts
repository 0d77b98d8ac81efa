/**
 * A tree's chunk references must state the stored chunks' real sizes: a tree whose sizes add up
 * but lie about each chunk cannot be checked out or served, so the store refuses it and fsck
 * reports one already stored.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blake3Hex, Store, treeObjectBytes } from '../../src-main/store/index.js';
import { decodeIndex, IDX_MAGIC } from '../../src-main/store/packfile.js';
import { noise, tempDir } from '../helpers/tmp.js';

let t: { dir: string; cleanup: () => void };
beforeEach(() => {
  t = tempDir();
});
afterEach(() => t.cleanup());

const big = noise(100_000, 7);
const small = Buffer.from('tiny');
const text = Buffer.from('Tempo 120 Key C minor '.repeat(3000)); // stored DEFLATEd

/** A one-file tree over `chunks`, whose sizes are declared as given (they add up either way). */
function treeOf(chunks: [Buffer, number][]) {
  const all = Buffer.concat(chunks.map(([b]) => b));
  return treeObjectBytes({
    entries: [
      {
        path: 'big.wav',
        kind: 'file',
        mode: 0o644,
        size: chunks.reduce((n, [, s]) => n + s, 0),
        content_id: blake3Hex(all),
        chunks: chunks.map(([b, size]) => ({ id: blake3Hex(b), size })),
      },
    ],
  });
}

async function bareStore(): Promise<Store> {
  const s = await Store.init(t.dir, { bare: true });
  for (const b of [big, small, text]) await s.putChunk(blake3Hex(b), b);
  return s;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('accepted');
}

describe('chunk sizes in trees', () => {
  it('a tree whose chunk sizes lie (but add up) is refused, and nothing is stored', async () => {
    const s = await bareStore();
    const lying = treeOf([
      [big, 3],
      [small, big.length + small.length - 3],
    ]);
    const e = await refusal(s.putObjectBytes('tree', lying.id, lying.bytes));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.message).toMatch(/holds 100000 bytes, not 3/);
    expect(s.hasTree(lying.id)).toBe(false);

    // A compressed chunk's raw size is known too, without reading it.
    const deflated = treeOf([[text, text.length + 1]]);
    expect((await refusal(s.putObjectBytes('tree', deflated.id, deflated.bytes))).code).toBe(
      'VALIDATION_FAILED',
    );
    const honest = treeOf([
      [big, big.length],
      [text, text.length],
      [small, small.length],
    ]);
    await s.putObjectBytes('tree', honest.id, honest.bytes);
    expect(s.hasTree(honest.id)).toBe(true);
  });

  it('fsck reports a stored tree whose sizes lie', async () => {
    const s = await bareStore();
    const lying = treeOf([
      [big, 3],
      [small, big.length + small.length - 3],
    ]);
    // As a store written before the check would hold it.
    await s.objects.writeObjectTrusted('tree', lying.id, lying.bytes);
    const report = await s.fsck();
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ kind: 'tree', id: lying.id }));
    expect(report.problems[0]!.problem).toMatch(/holds 100000 bytes, not 3/);
  });

  it('packs indexed without sizes (version 1) are still checked, by reading the chunk', async () => {
    await bareStore();
    // Rewrite every index in the version 1 layout: the same entries without the raw size.
    const versions = `${t.dir}/versions`;
    for (const n of readdirSync(versions).filter((f) => f.endsWith('.idx'))) {
      const { entries, packSize } = decodeIndex(readFileSync(`${versions}/${n}`));
      const head = Buffer.alloc(20);
      IDX_MAGIC.copy(head);
      head[7] = 1;
      head.writeUInt32LE(entries.length, 8);
      head.writeBigUInt64LE(BigInt(packSize), 12);
      const body = [head];
      for (const e of entries) {
        const b = Buffer.alloc(44);
        b.write(e.id, 0, 32, 'hex');
        b.writeBigUInt64LE(BigInt(e.offset), 32);
        b.writeUInt32LE(e.length, 40);
        body.push(b);
      }
      const all = Buffer.concat(body);
      writeFileSync(`${versions}/${n}`, Buffer.concat([all, Buffer.from(blake3Hex(all), 'hex')]));
    }
    const s = Store.open(t.dir);
    expect(
      decodeIndex(readFileSync(`${versions}/${readdirSync(versions)[0]}`)).entries[0]!.size,
    ).toBe(-1);
    const lying = treeOf([[text, text.length - 1]]);
    expect((await refusal(s.putObjectBytes('tree', lying.id, lying.bytes))).code).toBe(
      'VALIDATION_FAILED',
    );
    const honest = treeOf([[text, text.length]]);
    await s.putObjectBytes('tree', honest.id, honest.bytes);
    expect((await s.fsck()).ok).toBe(true);
  });
});
