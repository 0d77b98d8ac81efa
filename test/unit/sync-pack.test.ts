import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { codeOf } from '../helpers/errors.js';
import {
  chunkRecord,
  decodePack,
  encodePack,
  PACK_MAGIC,
  recordHeader,
  type PackKind,
  type PackRecord,
} from '../../src-main/sync/pack.js';

const id = (n: number) => n.toString(16).padStart(64, '0');
const limits = { maxRecord: 1024, maxTotal: 4096, kinds: ['chunk', 'tree', 'commit'] as const };

async function collect(
  parts: Buffer[],
  split = 0,
  kinds: PackKind[] = [...limits.kinds],
): Promise<PackRecord[]> {
  // Re-cut the stream into tiny pieces to prove the reader does not depend on framing.
  const all = Buffer.concat(parts);
  const pieces = split
    ? Array.from({ length: Math.ceil(all.length / split) }, (_, i) =>
        all.subarray(i * split, (i + 1) * split),
      )
    : [all];
  const out: PackRecord[] = [];
  for await (const r of decodePack(
    (async function* () {
      yield* pieces;
    })(),
    { ...limits, kinds },
  ))
    out.push(r);
  return out;
}

async function encode(records: PackRecord[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const b of encodePack(
    (async function* () {
      yield* records;
    })(),
  ))
    out.push(b);
  return out;
}

describe('packs', () => {
  it('round-trip records whatever the stream framing', async () => {
    const recs: PackRecord[] = [
      { kind: 'chunk', id: id(1), bytes: Buffer.from('hello') },
      { kind: 'tree', id: id(2), bytes: Buffer.alloc(0) },
      { kind: 'commit', id: id(3), bytes: Buffer.alloc(700, 7) },
    ];
    for (const split of [0, 1, 3, 37]) {
      const back = await collect(await encode(recs), split);
      expect(back).toEqual(recs);
    }
  });

  it('hand out reused bytes that are right when taken before the next record', async () => {
    const recs: PackRecord[] = [1, 2, 3, 4].map((n) => ({
      kind: 'chunk' as const,
      id: id(n),
      bytes: Buffer.alloc(100 + n * 50, n),
    }));
    const all = Buffer.concat(await encode(recs));
    for (const split of [7, 64, all.length]) {
      const pieces = Array.from({ length: Math.ceil(all.length / split) }, (_, i) =>
        Buffer.from(all.subarray(i * split, (i + 1) * split)),
      );
      const got: PackRecord[] = [];
      const opts = { ...limits, kinds: [...limits.kinds], reuse: true };
      for await (const r of decodePack(
        (async function* () {
          yield* pieces;
        })(),
        opts,
      )) {
        got.push({ ...r, bytes: Buffer.from(r.bytes) });
      }
      expect(got).toEqual(recs);
    }
  });

  it('hand out raw chunks as the network buffers they came in, uncopied, with pieces', async () => {
    const recs: PackRecord[] = [
      { kind: 'chunk', id: id(1), bytes: Buffer.alloc(300, 1) },
      { kind: 'commit', id: id(2), bytes: Buffer.alloc(90, 2) },
      { kind: 'chunk', id: id(3), bytes: Buffer.alloc(0) },
      { kind: 'chunk', id: id(4), bytes: Buffer.alloc(500, 4) },
    ];
    const all = Buffer.concat(await encode(recs));
    for (const split of [7, 64, all.length]) {
      const net = Array.from({ length: Math.ceil(all.length / split) }, (_, i) =>
        Buffer.from(all.subarray(i * split, (i + 1) * split)),
      );
      const got: PackRecord[] = [];
      let shared = 0;
      for await (const r of decodePack(
        (async function* () {
          yield* net;
        })(),
        { ...limits, kinds: [...limits.kinds], pieces: true },
      )) {
        if (r.parts) {
          // Each part is a view of one network buffer: nothing was copied to join them.
          for (const p of r.parts) if (net.some((n) => n.buffer === p.buffer)) shared++;
          if (split === all.length) expect(r.parts.length).toBe(1);
          expect(r.bytes.length).toBe(0);
          got.push({ kind: r.kind, id: r.id, bytes: Buffer.concat(r.parts) });
          expect(r.size).toBe(got.at(-1)!.bytes.length);
        } else got.push({ ...r, bytes: Buffer.from(r.bytes) });
      }
      expect(got).toEqual(recs);
      expect(shared).toBeGreaterThanOrEqual(split === all.length ? 2 : Math.ceil(800 / split));
    }
    // A body cut short is still malformed.
    await expect(
      (async () => {
        for await (const r of decodePack(
          (async function* () {
            yield all.subarray(0, 200);
          })(),
          { ...limits, kinds: [...limits.kinds], pieces: true },
        ))
          void r;
      })(),
    ).rejects.toMatchObject({ code: 'MALFORMED_PACK' });
  });

  it('refuse bad magic, truncation, unknown types and trailing bytes', async () => {
    const good = Buffer.concat(
      await encode([{ kind: 'chunk', id: id(1), bytes: Buffer.from('abc') }]),
    );
    expect(await codeOf(collect([Buffer.from('NOPE!'), good.subarray(5)]))).toBe('MALFORMED_PACK');
    expect(await codeOf(collect([good.subarray(0, good.length - 1)]))).toBe('MALFORMED_PACK');
    expect(await codeOf(collect([good.subarray(0, good.length - 3)]))).toBe('MALFORMED_PACK');
    expect(await codeOf(collect([good, Buffer.from('x')]))).toBe('MALFORMED_PACK');
    const bad = Buffer.concat([PACK_MAGIC, Buffer.from([9]), Buffer.alloc(36), Buffer.from([0])]);
    expect(await codeOf(collect([bad]))).toBe('MALFORMED_PACK');
    expect(await codeOf(collect([]))).toBe('MALFORMED_PACK');
  });

  it('refuse a huge declared size before reading it', async () => {
    const huge = Buffer.concat([PACK_MAGIC, recordHeader('chunk', id(1), 0xffffffff)]);
    expect(await codeOf(collect([huge]))).toBe('PAYLOAD_TOO_LARGE');
    const many = await encode(
      Array.from({ length: 5 }, (_, i) => ({
        kind: 'chunk' as const,
        id: id(i),
        bytes: Buffer.alloc(1000),
      })),
    );
    expect(await codeOf(collect(many))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('only accept the kinds an endpoint takes', async () => {
    const parts = await encode([{ kind: 'commit', id: id(1), bytes: Buffer.from('{}') }]);
    expect(await codeOf(collect(parts, 0, ['chunk']))).toBe('MALFORMED_PACK');
  });
});

/** A type 4 record by hand: header, declared raw size, then the DEFLATE bytes given. */
function deflateRecord(rid: string, declared: number, data: Buffer): Buffer {
  const h = recordHeader('chunk', rid, 4 + data.length);
  h[0] = 4;
  const size = Buffer.alloc(4);
  size.writeUInt32BE(declared);
  return Buffer.concat([h, size, data]);
}
const packOf = (...records: Buffer[]) => [PACK_MAGIC, ...records, Buffer.from([0])];

describe('compressed chunk records (type 4)', () => {
  const text = Buffer.from('Region 12 Audio 3\u0000qSvE '.repeat(30));

  it('travel DEFLATEd when compressible and come back as the raw bytes', async () => {
    const noise = Buffer.from(Array.from({ length: 900 }, (_, i) => (i * 7919) % 251));
    const recs = [chunkRecord(id(1), text), chunkRecord(id(2), noise)];
    expect(recs[0]!.deflated).toBeDefined();
    const wire = await encode(recs);
    expect(Buffer.concat(wire).length).toBeLessThan(text.length / 2 + noise.length);
    for (const split of [0, 1, 5]) {
      const back = await collect(wire, split);
      expect(back.map((r) => [r.kind, r.id, r.bytes.toString('hex')])).toEqual([
        ['chunk', id(1), text.toString('hex')],
        ['chunk', id(2), noise.toString('hex')],
      ]);
      // The receiver gets the DEFLATE as it came, to store without compressing again.
      expect(inflateRawSync(back[0]!.deflated!).equals(text)).toBe(true);
      expect(back[1]!.deflated).toBeUndefined();
    }
  });

  it('refuse a bomb: inflation stops at the declared size', async () => {
    // 64 KiB of zeros in ~70 bytes, declared as 100 bytes: past the declared size is malformed.
    const bomb = deflateRawSync(Buffer.alloc(64 * 1024));
    expect(await codeOf(collect(packOf(deflateRecord(id(1), 100, bomb))))).toBe('MALFORMED_PACK');
    // Declaring the true size is refused before inflating, when it is over the limit.
    const big = { ...limits, kinds: [...limits.kinds], maxInflated: 32 * 1024 };
    const run = async () => {
      for await (const _r of decodePack(
        (async function* () {
          yield* packOf(deflateRecord(id(1), 64 * 1024, bomb));
        })(),
        big,
      ));
    };
    expect(await codeOf(run())).toBe('PAYLOAD_TOO_LARGE');
  });

  it('count the inflated size against the pack limit', async () => {
    // 4 records of 1000 raw bytes each: under maxTotal on the wire, 4000+ once inflated.
    const z = deflateRawSync(Buffer.alloc(1000, 1));
    const recs = [1, 2, 3, 4, 5].map((n) => deflateRecord(id(n), 1000, z));
    expect(await codeOf(collect(packOf(...recs)))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuse truncated, short, trailing and garbage payloads', async () => {
    const z = deflateRawSync(text);
    const cases = [
      deflateRecord(id(1), text.length, z.subarray(0, z.length - 4)), // stream cut
      deflateRecord(id(1), text.length + 1, z), // inflates short of its size
      deflateRecord(id(1), text.length - 1, z), // inflates past its size
      deflateRecord(id(1), text.length, Buffer.concat([z, Buffer.from('junk')])),
      deflateRecord(id(1), 10, Buffer.from([1, 2, 3, 4, 5, 6, 7])),
    ];
    for (const c of cases) expect(await codeOf(collect(packOf(c)))).toBe('MALFORMED_PACK');
    // A record too short to hold its size field.
    const h = recordHeader('chunk', id(1), 2);
    h[0] = 4;
    expect(await codeOf(collect(packOf(h, Buffer.from([0, 0]))))).toBe('MALFORMED_PACK');
    // The whole pack cut inside a type 4 record.
    const whole = Buffer.concat(packOf(deflateRecord(id(1), text.length, z)));
    expect(await codeOf(collect([whole.subarray(0, whole.length - 9)]))).toBe('MALFORMED_PACK');
  });

  it('are chunks: an endpoint that takes no chunks refuses them', async () => {
    const parts = await encode([chunkRecord(id(1), text)]);
    expect(await codeOf(collect(parts, 0, ['tree']))).toBe('MALFORMED_PACK');
  });
});
