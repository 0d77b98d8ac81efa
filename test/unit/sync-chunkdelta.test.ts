import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { blake3Hex } from '../../src-main/store/hash.js';
import { chunkDelta, deltaBases, expandChunkDelta } from '../../src-main/sync/chunkdelta.js';
import {
  decodePack,
  encodePack,
  inflateExact as inflate,
  type PackRecord,
} from '../../src-main/sync/pack.js';
import type { SyncTree } from '../../src-main/sync/store-port.js';
import { codeOf } from '../helpers/errors.js';
import { noise } from '../helpers/tmp.js';

const base = noise(150_000, 3);
const baseId = blake3Hex(base);
/** The base with 120 bytes inserted and 8 overwritten, as a ProjectData save does. */
const edited = Buffer.concat([base.subarray(0, 70_000), noise(120, 9), base.subarray(70_000)]);
noise(8, 10).copy(edited, 90_000);
const chunks = new Map([[baseId, base]]);
const read = async (id: string) => {
  const b = chunks.get(id);
  if (!b) throw new Error('no such chunk');
  return b;
};

/** Decode a pack holding one record, with or without a store to find delta bases in. */
async function decodeOne(rec: PackRecord, withStore = true, maxRecord = 1 << 20) {
  const parts: Buffer[] = [];
  for await (const b of encodePack(
    (async function* () {
      yield rec;
    })(),
  ))
    parts.push(b);
  const out: PackRecord[] = [];
  for await (const r of decodePack(
    (async function* () {
      yield* parts;
    })(),
    { maxRecord, maxTotal: 1 << 22, kinds: ['chunk'], readChunk: withStore ? read : undefined },
  ))
    out.push(r);
  return out;
}

/** A type 6 payload by hand. */
function payload(b: string, size: number, prefix: number, suffix: number, data: Buffer): Buffer {
  const h = Buffer.alloc(44);
  Buffer.from(b, 'hex').copy(h);
  h.writeUInt32BE(size, 32);
  h.writeUInt32BE(prefix, 36);
  h.writeUInt32BE(suffix, 40);
  return Buffer.concat([h, data]);
}

describe('chunk deltas (pack record type 6)', () => {
  it('carry an edited chunk in a few hundred bytes and rebuild it exactly', async () => {
    const other = noise(150_000, 4);
    chunks.set(blake3Hex(other), other);
    const d = await chunkDelta(edited, [blake3Hex(other), baseId], read);
    expect(d).not.toBeNull();
    expect(d!.subarray(0, 32).toString('hex')).toBe(baseId);
    expect(d!.length).toBeLessThan(20_500);
    const id = blake3Hex(edited);
    const back = await decodeOne({ kind: 'chunk', id, bytes: edited, delta: d! });
    expect(back).toHaveLength(1);
    expect(back[0]!.kind).toBe('chunk');
    expect(back[0]!.bytes.equals(edited)).toBe(true);
  });

  it('find no base for an unrelated chunk', async () => {
    expect(await chunkDelta(noise(50_000, 5), [baseId], read)).toBeNull();
  });

  it('take bases only from the same file, among the chunks it no longer has', async () => {
    const c = (n: number) => ({ id: String(n).padStart(64, '0'), size: 1 });
    const file = (path: string, ids: number[]) => ({
      path,
      kind: 'file',
      size: ids.length,
      chunks: ids.map(c),
    });
    const theirs: SyncTree = { entries: [file('pd', [1, 2, 3]), file('a.wav', [7])] };
    const ours: SyncTree = { entries: [file('pd', [1, 4, 3]), file('new.wav', [5, 6])] };
    const wanted = new Set([c(4).id, c(5).id, c(6).id]);
    const bases = await deltaBases(theirs, ['t'], async () => ours, wanted);
    expect([...bases]).toEqual([[c(4).id, [c(2).id]]]);
  });

  it('refuse hostile deltas with a code', async () => {
    const mid = edited.subarray(70_000, 70_120 + 20_008);
    const z = deflateRawSync(mid);
    const good = payload(baseId, edited.length, 70_000, edited.length - 70_000 - mid.length, z);
    expect((await expandChunkDelta(good, read, inflate, 1 << 20)).equals(edited)).toBe(true);
    const cases: [Buffer, string][] = [
      [good.subarray(0, 40), 'MALFORMED_PACK'], // no room for its header
      [
        payload(blake3Hex(Buffer.from('x')), 10, 0, 0, deflateRawSync(noise(10))),
        'MISSING_OBJECTS',
      ],
      [payload(baseId, 2 << 20, 0, 0, z), 'PAYLOAD_TOO_LARGE'],
      [payload(baseId, 100, 80, 80, z), 'MALFORMED_PACK'], // ends longer than the chunk
      [payload(baseId, 200_000 + mid.length, 200_000, 0, z), 'MALFORMED_PACK'], // past the base
      [good.subarray(0, good.length - 5), 'MALFORMED_PACK'], // middle cut short
      [Buffer.concat([good, Buffer.from('junk')]), 'MALFORMED_PACK'],
      // A bomb in the middle: 1 MiB of zeros declared as 1,000 bytes.
      [payload(baseId, 1000, 0, 0, deflateRawSync(Buffer.alloc(1 << 20))), 'MALFORMED_PACK'],
    ];
    for (const [p, code] of cases) {
      expect(await codeOf(expandChunkDelta(p, read, inflate, 1 << 20)), String(p.length)).toBe(
        code,
      );
    }
    // Through a pack: refused where no store is given, and the size limit is the record's.
    const rec = { kind: 'chunk' as const, id: blake3Hex(edited), bytes: edited, delta: good };
    expect(await codeOf(decodeOne(rec, false))).toBe('MALFORMED_PACK');
    expect(await codeOf(decodeOne(rec, true, 100_000))).toBe('PAYLOAD_TOO_LARGE');
  });
});
