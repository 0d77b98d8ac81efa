import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { computePeaks, parseHeader, type PcmLayout } from '../../src-main/hub/peaks.js';
import { aiffFile, wavFile } from '../helpers/audio.js';

const layoutOf = (b: Buffer) => {
  const l = parseHeader(b.subarray(0, 1024 * 1024), b.length);
  if (typeof l === 'string') throw new Error(l);
  return l;
};

/** A WAV header with the given format fields, then `data` bytes of silence. */
function wavHeader(tag: number, channels: number, bits: number, data = 64): Buffer {
  const b = Buffer.alloc(44 + data);
  b.write('RIFFxxxxWAVEfmt ', 0, 'latin1');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(tag, 20);
  b.writeUInt16LE(channels, 22);
  b.writeUInt32LE(44100, 24);
  b.writeUInt16LE(bits, 34);
  b.write('data', 36, 'latin1');
  b.writeUInt32LE(data, 40);
  return b;
}

describe('audio headers', () => {
  it('reads 16-bit WAV and big-endian AIFF with its 80-bit sample rate', () => {
    const wav = wavFile(0.5, 44100, 220, 2);
    expect(layoutOf(wav)).toMatchObject({
      format: 'wav',
      channels: 2,
      sampleRate: 44100,
      bytes: 2,
      littleEndian: true,
      dataOffset: 44,
      dataLength: wav.length - 44,
    });
    expect(layoutOf(aiffFile(0.25, 48000, 330, 1))).toMatchObject({
      format: 'aiff',
      channels: 1,
      sampleRate: 48000,
      bytes: 2,
      littleEndian: false,
    });
  });

  it('refuses what it cannot draw, with a reason and never a throw', () => {
    expect(parseHeader(Buffer.from('ID3\x04 not a wave at all'), 24)).toMatch(
      /not an uncompressed/,
    );
    expect(parseHeader(Buffer.alloc(0), 0)).toMatch(/not an uncompressed/);
    expect(parseHeader(wavHeader(0x55, 2, 16), 108)).toMatch(/compressed/);
    expect(parseHeader(wavHeader(1, 2, 12), 108)).toMatch(/12-bit samples/);
    expect(parseHeader(wavHeader(3, 2, 16), 108)).toMatch(/16-bit samples/);
    expect(parseHeader(wavHeader(1, 0, 16), 108)).toMatch(/0 channels/);
    // A chunk claiming 4 GiB jumps past the header: no data found, no loop, no throw.
    const huge = wavHeader(1, 2, 16);
    huge.writeUInt32LE(0xffffffff, 16);
    expect(parseHeader(huge, 108)).toMatch(/no sample data/);
    // Truncated right after the format chunk's name.
    expect(parseHeader(wavHeader(1, 2, 16).subarray(0, 20), 20)).toMatch(/no sample data/);
    // A data chunk longer than the file is cut to the file.
    const short = wavHeader(1, 1, 16, 8);
    short.writeUInt32LE(1_000_000, 40);
    expect(parseHeader(short, short.length)).toMatchObject({ dataLength: 8 });
  });
});

describe('peaks', () => {
  it('gives min/max per bucket, however the stream is cut', async () => {
    const wav = wavFile(1, 8000, 100, 2);
    const layout = layoutOf(wav);
    const data = wav.subarray(layout.dataOffset);
    // Chunks of 7 bytes: frames (4 bytes) straddle every boundary.
    const pieces = Array.from({ length: Math.ceil(data.length / 7) }, (_, i) =>
      data.subarray(i * 7, i * 7 + 7),
    );
    const peaks = await computePeaks(layout, Readable.from(pieces), 10);
    const whole = await computePeaks(layout, Readable.from([data]), 10);
    expect(peaks).toEqual(whole);
    expect(peaks).toHaveLength(20);
    // The tone swells: the last bucket is loud, the first quiet, and min ≤ max everywhere.
    expect(peaks[19]!).toBeGreaterThan(0.8);
    expect(peaks[1]!).toBeLessThan(0.2);
    for (let i = 0; i < 20; i += 2) expect(peaks[i]!).toBeLessThanOrEqual(peaks[i + 1]!);
  });

  it('reads 24-bit and float samples at full scale', async () => {
    const l24: PcmLayout = {
      format: 'wav',
      channels: 1,
      sampleRate: 8000,
      bytes: 3,
      float: false,
      littleEndian: true,
      dataOffset: 0,
      dataLength: 6,
    };
    const b24 = Buffer.alloc(6);
    b24.writeIntLE(-8388608, 0, 3);
    b24.writeIntLE(8388607, 3, 3);
    expect(await computePeaks(l24, Readable.from([b24]), 16)).toEqual([-1, -1, 1, 1]);
    const f32 = Buffer.alloc(8);
    f32.writeFloatBE(-0.5, 0);
    f32.writeFloatBE(0.25, 4);
    const lf = {
      ...l24,
      format: 'aiff' as const,
      bytes: 4,
      float: true,
      littleEndian: false,
      dataLength: 8,
    };
    expect(await computePeaks(lf, Readable.from([f32]), 16)).toEqual([-0.5, -0.5, 0.25, 0.25]);
  });
});
