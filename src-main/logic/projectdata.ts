import type { KeyPoint, MeterPoint, TempoPoint } from '../../src-shared/api/metadata.js';

/**
 * Decoder for the few musical facts in Alternatives/NNN/ProjectData (layout in
 * shared/docs/logicx-format.md §5): a 24-byte header, then a flat list of records, each a
 * 36-byte header (reversed FourCC tag, u32 LE payload size at +0x1C) and its payload.
 * Only the global tempo, signature and key events are read. Every loop is bounded by the
 * buffer length and fixed caps, so a corrupt file yields warnings, never a hang.
 */

export const PROJECTDATA_MAGIC = 0xabc04723; // bytes 23 47 C0 AB read as u32 LE
export const MAX_PROJECTDATA_BYTES = 256 * 1024 * 1024;
export const MAX_RECORDS = 500_000;
export const MAX_EVENTS = 100_000;
/** Positions count from 38400 (10 bars of 4/4 at 960 PPQ) before the song start. */
export const POSITION_ORIGIN = 38_400;

const HEADER = 24;
const RECORD_HEADER = 36;
const EVENT_SEQUENCE = 'qSvE';
const TEMPO_EVENT = 0x60;
const TIME_SIG_EVENT = 0x30;
const KEY_SIG_EVENT = 0x32;
const END_EVENT = 0xf1;

export interface ProjectDataInfo {
  formatWord: number;
  tempoMap?: TempoPoint[];
  meterMap?: MeterPoint[];
  keyMap?: KeyPoint[];
  warnings: string[];
}

/** The header's length: what `checkHeader` needs of a file. */
export const PROJECTDATA_HEADER_BYTES = HEADER;

/**
 * Checks the header of a file of `size` bytes that begins with `head` (at least its header);
 * throws an Error saying what is wrong when the file is not usable.
 */
export function checkHeader(head: Buffer, size: number): number {
  if (size < HEADER || head.length < HEADER) {
    throw new Error(`ProjectData is ${size} bytes, too short`);
  }
  if (head.readUInt32LE(0) !== PROJECTDATA_MAGIC) throw new Error('ProjectData has a wrong magic');
  const declared = head.readUInt32LE(0x10);
  if (declared !== size - HEADER) {
    throw new Error(
      `ProjectData declares ${declared + HEADER} bytes but has ${size} (truncated or being written)`,
    );
  }
  return head.readUInt16LE(4);
}

/** Checks the header of a whole file's bytes (see checkHeader). */
export function checkFraming(buf: Buffer): number {
  return checkHeader(buf, buf.length);
}

function tickOf(position: number): number {
  // The initial events sit at position 0 (and once at 960), i.e. before the origin: song start.
  return Math.max(0, position - POSITION_ORIGIN);
}

function readTempo(p: Buffer): TempoPoint[] {
  const out: TempoPoint[] = [];
  for (let i = 0; i + 32 <= p.length && out.length < MAX_EVENTS; i += 32) {
    if (p[i] !== TEMPO_EVENT) break;
    const position = Number(p.readBigUInt64LE(i + 4));
    const raw = p.readUInt32LE(i + 0x10);
    if (raw === 0 || !Number.isSafeInteger(position)) continue;
    out.push({ tick: tickOf(position), bpm: raw / 10_000 });
  }
  return out;
}

function readSignatures(p: Buffer): { meter: MeterPoint[]; key: KeyPoint[] } {
  const meter: MeterPoint[] = [];
  const key: KeyPoint[] = [];
  let i = 0;
  let n = 0;
  while (i + 16 <= p.length && n++ < MAX_EVENTS) {
    const type = p[i];
    if (type === END_EVENT) break;
    if (type === TIME_SIG_EVENT && i + 48 <= p.length) {
      const exponent = p[i + 0x0b]!;
      const numerator = p[i + 0x0c]!;
      if (numerator > 0 && exponent <= 6) {
        meter.push({ tick: tickOf(p.readUInt32LE(i + 4)), numerator, denominator: 2 ** exponent });
      }
      i += 48;
    } else if (type === KEY_SIG_EVENT && i + 32 <= p.length) {
      key.push({ tick: tickOf(p.readUInt32LE(i + 4)), code: p[i + 0x0c]! });
      i += 32;
    } else {
      i += 16; // other or unknown events on the 16-byte grid
    }
  }
  return { meter, key };
}

/** Walks the records and returns the first tempo track and the first signature track, in file order. */
export function decodeProjectData(buf: Buffer): ProjectDataInfo {
  const formatWord = checkFraming(buf);
  const warnings: string[] = [];
  let tempo: TempoPoint[] | undefined;
  let sigs: { meter: MeterPoint[]; key: KeyPoint[] } | undefined;
  let off = HEADER;
  let records = 0;
  while (off + RECORD_HEADER <= buf.length && (tempo === undefined || sigs === undefined)) {
    if (++records > MAX_RECORDS) {
      warnings.push(`ProjectData: stopped after ${MAX_RECORDS} records`);
      break;
    }
    const size = buf.readUInt32LE(off + 0x1c);
    const start = off + RECORD_HEADER;
    if (start + size > buf.length) {
      warnings.push(`ProjectData: record at ${off} runs past the end of the file`);
      break;
    }
    if (size >= 16 && buf.toString('latin1', off, off + 4) === EVENT_SEQUENCE) {
      const p = buf.subarray(start, start + size);
      const first = p[0];
      if (first === TEMPO_EVENT && tempo === undefined) tempo = readTempo(p);
      else if ((first === TIME_SIG_EVENT || first === KEY_SIG_EVENT) && sigs === undefined) {
        sigs = readSignatures(p);
      }
    }
    off = start + size;
  }
  const info: ProjectDataInfo = { formatWord, warnings };
  if (tempo && tempo.length > 0) info.tempoMap = tempo;
  else warnings.push('ProjectData: no tempo events found');
  if (sigs && sigs.meter.length > 0) info.meterMap = sigs.meter;
  else warnings.push('ProjectData: no time-signature events found');
  if (sigs && sigs.key.length > 0) info.keyMap = sigs.key;
  else warnings.push('ProjectData: no key-signature events found');
  return info;
}
