import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build as buildXml } from 'plist';
import { describe, expect, it } from 'vitest';
import { isAuxinError } from '../../src-shared/errors.js';
import { parsePlist } from '../../src-main/logic/plist.js';
import { decodeProjectData } from '../../src-main/logic/projectdata.js';
import { readBundleFromSource } from '../../src-main/logic/reader.js';
import { createMemorySource } from '../../src-main/logic/source.js';
import { mitBundle } from '../helpers/logic-fixtures.js';

const dir = mitBundle('F9_tempometer');
const pd = readFileSync(path.join(dir, 'Alternatives/000/ProjectData'));
const md = readFileSync(path.join(dir, 'Alternatives/000/MetaData.plist'));
const pi = readFileSync(path.join(dir, 'Resources/ProjectInformation.plist'));

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A ProjectData whose header claims the length it has, so the record walk runs on it. */
function reframed(buf: Buffer): Buffer {
  const b = Buffer.from(buf);
  if (b.length >= 24) b.writeUInt32LE(b.length - 24, 0x10);
  return b;
}

/** A binary plist from raw object bytes (1-byte offsets and references). */
function bplist(objects: number[][], top = 0): Buffer {
  const parts = [Buffer.from('bplist00', 'latin1')];
  const offsets: number[] = [];
  let at = 8;
  for (const o of objects) {
    offsets.push(at);
    parts.push(Buffer.from(o));
    at += o.length;
  }
  const trailer = Buffer.alloc(32);
  trailer[6] = 1;
  trailer[7] = 1;
  trailer.writeBigUInt64BE(BigInt(objects.length), 8);
  trailer.writeBigUInt64BE(BigInt(top), 16);
  trailer.writeBigUInt64BE(BigInt(at), 24);
  return Buffer.concat([...parts, Buffer.from(offsets), trailer]);
}

function bundle(files: Record<string, Buffer>) {
  return createMemorySource('Hostile.logicx', {
    'Alternatives/000/ProjectData': pd,
    'Alternatives/000/MetaData.plist': md,
    'Resources/ProjectInformation.plist': pi,
    ...files,
  });
}

/** Either a result with warnings, or a clear AuxinError: never a crash of another kind. */
async function readsSafely(files: Record<string, Buffer>): Promise<'ok' | 'error'> {
  try {
    const m = await readBundleFromSource(bundle(files));
    expect(Array.isArray(m.warnings)).toBe(true);
    return 'ok';
  } catch (e) {
    expect(isAuxinError(e), String(e)).toBe(true);
    return 'error';
  }
}

describe('ProjectData decoding on damaged input', () => {
  it('refuses every truncation by its framing check', () => {
    for (let cut = 0; cut < pd.length; cut += 211) {
      expect(() => decodeProjectData(pd.subarray(0, cut))).toThrow(/too short|truncated|magic/);
    }
  });

  it('walks truncated record lists to a partial result', () => {
    let partial = 0;
    for (let cut = 24; cut < pd.length; cut += 97) {
      const info = decodeProjectData(reframed(pd.subarray(0, cut)));
      if (!info.tempoMap) partial++;
    }
    expect(partial).toBeGreaterThan(0);
  });

  it('survives random byte flips', () => {
    const rand = rng(42);
    for (let round = 0; round < 300; round++) {
      const b = Buffer.from(pd);
      for (let k = 0; k < 20; k++)
        b[24 + Math.floor(rand() * (b.length - 24))] = Math.floor(rand() * 256);
      const info = decodeProjectData(b);
      for (const t of info.tempoMap ?? []) expect(t.tick).toBeGreaterThanOrEqual(0);
    }
  });

  it('stops at a record declaring a huge size', () => {
    const b = Buffer.from(pd);
    b.writeUInt32LE(0xffffffff, 24 + 0x1c);
    const info = decodeProjectData(b);
    expect(info.tempoMap).toBeUndefined();
    expect(info.warnings.join()).toMatch(/runs past the end/);
  });

  it('finishes a file of a million empty records quickly', () => {
    const b = Buffer.alloc(24 + 36 * 600_000);
    b.writeUInt32LE(0xabc04723, 0);
    b.writeUInt32LE(b.length - 24, 0x10);
    const t0 = Date.now();
    const info = decodeProjectData(b);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(info.warnings.join()).toMatch(/stopped after/);
  });
});

describe('plist parsing on damaged input', () => {
  it('refuses every truncation of a binary plist with an Error', () => {
    for (let cut = 0; cut < md.length; cut++) {
      try {
        parsePlist(md.subarray(0, cut));
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  });

  it('survives random byte flips', () => {
    const rand = rng(7);
    for (let round = 0; round < 2000; round++) {
      const b = Buffer.from(md);
      for (let k = 0; k < 3; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      try {
        parsePlist(b);
      } catch (e) {
        expect(e).toBeInstanceOf(Error);
      }
    }
  });

  it('refuses a reference cycle', () => {
    expect(() => parsePlist(bplist([[0xa1, 0]]))).toThrow(/cycle/);
  });

  it('refuses shared references that would expand exponentially', () => {
    const objects = Array.from({ length: 40 }, (_, i) => [0xa2, i + 1, i + 1]);
    objects.push([0x10, 1]);
    const t0 = Date.now();
    expect(() => parsePlist(bplist(objects))).toThrow(/expanded/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('refuses huge declared lengths and object counts', () => {
    expect(() =>
      parsePlist(bplist([[0x5f, 0x13, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]])),
    ).toThrow(/runs past/);
    const b = bplist([[0x10, 1]]);
    b.writeBigUInt64BE(1n << 40n, b.length - 24);
    expect(() => parsePlist(b)).toThrow(/object count/);
  });

  it('reads XML plists too, and refuses broken XML with an Error', () => {
    const xml = Buffer.from(buildXml({ BeatsPerMinute: 124, SampleRate: 48000 }));
    expect(parsePlist(xml)).toEqual({ BeatsPerMinute: 124, SampleRate: 48000 });
    expect(() => parsePlist(Buffer.from('<?xml version="1.0"?><plist><dict><key>a</key>'))).toThrow(
      Error,
    );
    expect(() => parsePlist(Buffer.from('hello'))).toThrow(/neither/);
  });

  it('does not expand XML entities, and refuses very deep nesting with an Error', () => {
    const ents = ['<!ENTITY a "aaaaaaaaaa">'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      ents.push(`<!ENTITY ${String.fromCharCode(97 + i)} "${`&${prev};`.repeat(10)}">`);
    }
    const lol = `<?xml version="1.0"?><!DOCTYPE plist [${ents.join('')}]><plist><dict><key>k</key><string>&h;</string></dict></plist>`;
    expect(JSON.stringify(parsePlist(Buffer.from(lol))).length).toBeLessThan(1000);
    const deep = `<?xml version="1.0"?><plist>${'<array>'.repeat(30_000)}${'</array>'.repeat(30_000)}</plist>`;
    expect(() => parsePlist(Buffer.from(deep))).toThrow(/nested deeper/);
    const wide = `<?xml version="1.0"?><plist><array>${'<integer>1</integer>'.repeat(60_000)}</array></plist>`;
    expect(() => parsePlist(Buffer.from(wide))).toThrow(/XML plist larger/);
  });

  it('refuses plists over 8 MiB before parsing', () => {
    expect(() => parsePlist(Buffer.alloc(8 * 1024 * 1024 + 1))).toThrow(/larger than/);
  });
});

describe('whole-bundle reads on damaged input', () => {
  it('gives a partial result with warnings when MetaData.plist is truncated', async () => {
    const m = await readBundleFromSource(
      bundle({ 'Alternatives/000/MetaData.plist': md.subarray(0, 100) }),
    );
    expect(m.warnings.join()).toMatch(/MetaData.plist: unreadable plist/);
    expect(m.bpm).toBe(120); // from ProjectData, said so in a warning
    expect(m.sample_rate).toBeUndefined();
    expect(m.track_count).toBeUndefined();
  });

  it('throws UNREADABLE_BUNDLE when neither MetaData.plist nor ProjectData reads', async () => {
    await expect(
      readBundleFromSource(
        bundle({
          'Alternatives/000/MetaData.plist': Buffer.from('junk'),
          'Alternatives/000/ProjectData': pd.subarray(0, 50),
        }),
      ),
    ).rejects.toMatchObject({ code: 'UNREADABLE_BUNDLE' });
  });

  it('throws NOT_A_BUNDLE without an Alternatives folder or bundle extension', async () => {
    await expect(
      readBundleFromSource(
        createMemorySource('X.logicx', { 'Resources/ProjectInformation.plist': pi }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_A_BUNDLE' });
    await expect(readBundleFromSource(createMemorySource('X', {}))).rejects.toMatchObject({
      code: 'NOT_A_BUNDLE',
    });
  });

  it('never crashes on truncations and flips of every state file', async () => {
    const rand = rng(99);
    const outcomes = new Set<string>();
    for (let round = 0; round < 150; round++) {
      const which = [
        'Alternatives/000/ProjectData',
        'Alternatives/000/MetaData.plist',
        'Resources/ProjectInformation.plist',
      ][round % 3]!;
      const src = which.endsWith('ProjectData') ? pd : which.endsWith('MetaData.plist') ? md : pi;
      const b = Buffer.from(src.subarray(0, Math.floor(rand() * (src.length + 1))));
      if (round % 2)
        for (let k = 0; k < 5 && b.length > 0; k++)
          b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      outcomes.add(await readsSafely({ [which]: b }));
    }
    expect(outcomes.has('ok')).toBe(true);
  });
});
