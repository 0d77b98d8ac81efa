/**
 * A waveform's peaks for an uncompressed WAV or AIFF file of a version: the header is read from
 * the file's first bytes, then the sample data is streamed once (never held whole) into min/max
 * pairs per bucket. Compressed formats (MP3, M4A, CAF's codecs) get no peaks and a reason.
 */
import type { Readable } from 'node:stream';
import type { PeaksResponse } from '../../src-shared/api/versions.js';

export interface PcmLayout {
  format: 'wav' | 'aiff';
  channels: number;
  sampleRate: number;
  /** Bytes per sample of one channel. */
  bytes: number;
  float: boolean;
  littleEndian: boolean;
  dataOffset: number;
  dataLength: number;
}

/** An IEEE 754 80-bit extended float (AIFF's sample rate). */
function extended(b: Buffer, at: number): number {
  const exp = ((b[at]! & 0x7f) << 8) | b[at + 1]!;
  const mant = b.readUInt32BE(at + 2) * 2 ** 32 + b.readUInt32BE(at + 6);
  if (exp === 0 && mant === 0) return 0;
  return (b[at]! & 0x80 ? -1 : 1) * mant * 2 ** (exp - 16383 - 63);
}

/** The sample layout from a file's first bytes; a string says why it cannot be read. Pure. */
export function parseHeader(head: Buffer, fileSize: number): PcmLayout | string {
  const id = head.toString('latin1', 0, 4);
  const kind = head.toString('latin1', 8, 12);
  let layout: PcmLayout | string = 'not an uncompressed WAV or AIFF file';
  if (id === 'RIFF' && kind === 'WAVE') layout = parseWav(head, fileSize);
  else if (id === 'FORM' && (kind === 'AIFF' || kind === 'AIFC'))
    layout = parseAiff(head, fileSize);
  if (typeof layout === 'string') return layout;
  // A header is whatever the file says: only layouts the reader knows get past here.
  const widths = layout.float ? [4, 8] : [1, 2, 3, 4];
  if (!widths.includes(layout.bytes)) return `${layout.bytes * 8}-bit samples are not supported`;
  if (layout.channels < 1 || layout.channels > 64) return `${layout.channels} channels`;
  if (!(layout.sampleRate > 0 && layout.sampleRate < 10_000_000)) return 'no valid sample rate';
  if (layout.dataLength <= 0) return 'no samples';
  return layout;
}

function parseWav(b: Buffer, fileSize: number): PcmLayout | string {
  let at = 12;
  let fmt: Omit<PcmLayout, 'dataOffset' | 'dataLength'> | null = null;
  while (at + 8 <= b.length) {
    const cid = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    const body = at + 8;
    if (cid === 'fmt ' && body + 16 <= b.length) {
      let tag = b.readUInt16LE(body);
      if (tag === 0xfffe && body + 26 <= b.length) tag = b.readUInt16LE(body + 24);
      const bits = b.readUInt16LE(body + 14);
      if (tag !== 1 && tag !== 3) return `WAV encoding ${tag} is compressed`;
      fmt = {
        format: 'wav',
        channels: b.readUInt16LE(body + 2),
        sampleRate: b.readUInt32LE(body + 4),
        bytes: bits / 8,
        float: tag === 3,
        littleEndian: true,
      };
    } else if (cid === 'data') {
      if (!fmt) return 'WAV data before its format';
      return { ...fmt, dataOffset: body, dataLength: Math.min(size, fileSize - body) };
    }
    at = body + size + (size % 2);
  }
  return 'no sample data in the first megabyte of the file';
}

function parseAiff(b: Buffer, fileSize: number): PcmLayout | string {
  const aifc = b.toString('latin1', 8, 12) === 'AIFC';
  let at = 12;
  let fmt: Omit<PcmLayout, 'dataOffset' | 'dataLength'> | null = null;
  while (at + 8 <= b.length) {
    const cid = b.toString('latin1', at, at + 4);
    const size = b.readUInt32BE(at + 4);
    const body = at + 8;
    if (cid === 'COMM' && body + 18 <= b.length) {
      const bits = b.readUInt16BE(body + 6);
      const codec =
        aifc && body + 22 <= b.length ? b.toString('latin1', body + 18, body + 22) : 'NONE';
      const known: Record<string, { float: boolean; le: boolean }> = {
        NONE: { float: false, le: false },
        sowt: { float: false, le: true },
        fl32: { float: true, le: false },
        FL32: { float: true, le: false },
      };
      const c = known[codec];
      if (!c) return `AIFF encoding '${codec}' is compressed`;
      fmt = {
        format: 'aiff',
        channels: b.readUInt16BE(body),
        sampleRate: extended(b, body + 8),
        bytes: Math.ceil(bits / 8),
        float: c.float,
        littleEndian: c.le,
      };
    } else if (cid === 'SSND' && body + 8 <= b.length) {
      if (!fmt) return 'AIFF sound data before its format';
      const start = body + 8 + b.readUInt32BE(body);
      return { ...fmt, dataOffset: start, dataLength: Math.min(size - 8, fileSize - start) };
    }
    at = body + size + (size % 2);
  }
  return 'no sample data in the first megabyte of the file';
}

function sampleReader(l: PcmLayout): (b: Buffer, at: number) => number {
  const le = l.littleEndian;
  if (l.float && l.bytes === 4) return (b, at) => (le ? b.readFloatLE(at) : b.readFloatBE(at));
  if (l.float && l.bytes === 8) return (b, at) => (le ? b.readDoubleLE(at) : b.readDoubleBE(at));
  if (l.bytes === 1) {
    // 8-bit WAV is unsigned; 8-bit AIFF is signed.
    return l.format === 'wav' ? (b, at) => (b[at]! - 128) / 128 : (b, at) => b.readInt8(at) / 128;
  }
  if (l.bytes === 2) return (b, at) => (le ? b.readInt16LE(at) : b.readInt16BE(at)) / 32768;
  if (l.bytes === 3) return (b, at) => (le ? b.readIntLE(at, 3) : b.readIntBE(at, 3)) / 8388608;
  if (l.bytes === 4) return (b, at) => (le ? b.readInt32LE(at) : b.readInt32BE(at)) / 2147483648;
  throw new Error(`${l.bytes * 8}-bit samples`);
}

/** Min/max pairs over `buckets` equal stretches of the sample data streamed from `data`. */
export async function computePeaks(
  layout: PcmLayout,
  data: Readable,
  buckets: number,
): Promise<number[]> {
  const frame = layout.bytes * layout.channels;
  const frames = Math.floor(layout.dataLength / frame);
  const n = Math.max(1, Math.min(buckets, frames));
  const min = new Float64Array(n).fill(1);
  const max = new Float64Array(n).fill(-1);
  const read = sampleReader(layout);
  let carry: Buffer = Buffer.alloc(0);
  let index = 0;
  for await (const chunk of data as AsyncIterable<Buffer>) {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const whole = Math.floor(buf.length / frame) * frame;
    for (let at = 0; at < whole && index < frames; at += frame, index++) {
      const bucket = Math.floor((index * n) / frames);
      for (let ch = 0; ch < layout.channels; ch++) {
        const v = read(buf, at + ch * layout.bytes);
        if (v < min[bucket]!) min[bucket] = v;
        if (v > max[bucket]!) max[bucket] = v;
      }
    }
    carry = buf.subarray(whole);
  }
  const out: number[] = [];
  const round = (v: number) => Math.round(Math.max(-1, Math.min(1, v)) * 1000) / 1000;
  for (let i = 0; i < n; i++) {
    if (min[i]! > max[i]!) out.push(0, 0);
    else out.push(round(min[i]!), round(max[i]!));
  }
  return out;
}

export function noPeaks(path: string, reason: string): PeaksResponse {
  return {
    path,
    format: null,
    channels: 0,
    sample_rate: 0,
    duration_seconds: 0,
    peaks: [],
    reason,
  };
}
