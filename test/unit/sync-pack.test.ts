import { describe, expect, it } from 'vitest';
import { AuxinError } from '../../src-shared/errors.js';
import {
  decodePack,
  encodePack,
  PACK_MAGIC,
  recordHeader,
  type PackRecord,
} from '../../src-main/sync/pack.js';

const id = (n: number) => n.toString(16).padStart(64, '0');
const limits = { maxRecord: 1024, maxTotal: 4096, kinds: ['chunk', 'tree', 'commit'] as const };

async function collect(parts: Buffer[], split = 0): Promise<PackRecord[]> {
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
    { ...limits, kinds: [...limits.kinds] },
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

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof AuxinError ? e.code : String(e);
  }
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

  it('refuse bad magic, truncation, unknown types and trailing bytes', async () => {
    const good = Buffer.concat(
      await encode([{ kind: 'chunk', id: id(1), bytes: Buffer.from('abc') }]),
    );
    expect(await code(collect([Buffer.from('NOPE!'), good.subarray(5)]))).toBe('MALFORMED_PACK');
    expect(await code(collect([good.subarray(0, good.length - 1)]))).toBe('MALFORMED_PACK');
    expect(await code(collect([good.subarray(0, good.length - 3)]))).toBe('MALFORMED_PACK');
    expect(await code(collect([good, Buffer.from('x')]))).toBe('MALFORMED_PACK');
    const bad = Buffer.concat([PACK_MAGIC, Buffer.from([9]), Buffer.alloc(36), Buffer.from([0])]);
    expect(await code(collect([bad]))).toBe('MALFORMED_PACK');
    expect(await code(collect([]))).toBe('MALFORMED_PACK');
  });

  it('refuse a huge declared size before reading it', async () => {
    const huge = Buffer.concat([PACK_MAGIC, recordHeader('chunk', id(1), 0xffffffff)]);
    expect(await code(collect([huge]))).toBe('PAYLOAD_TOO_LARGE');
    const many = await encode(
      Array.from({ length: 5 }, (_, i) => ({
        kind: 'chunk' as const,
        id: id(i),
        bytes: Buffer.alloc(1000),
      })),
    );
    expect(await code(collect(many))).toBe('PAYLOAD_TOO_LARGE');
  });

  it('only accept the kinds an endpoint takes', async () => {
    const parts = await encode([{ kind: 'commit', id: id(1), bytes: Buffer.from('{}') }]);
    const run = async () => {
      for await (const _r of decodePack(
        (async function* () {
          yield* parts;
        })(),
        { ...limits, kinds: ['chunk'] },
      ));
    };
    expect(await code(run())).toBe('MALFORMED_PACK');
  });
});
