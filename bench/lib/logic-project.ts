import { createCipheriv, createHash } from 'node:crypto';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';

/**
 * A deterministic generator of a Logic-like project bundle and of a series of typical edits,
 * shared by the store and sync benchmarks. Same seed and size, same bytes, on any machine.
 *
 * Layout: `Alternatives/000/ProjectData` (a 2 MB binary that every save rewrites with a few
 * small insertions and changes), plists, `Resources/`, and `Media/Audio Files/*.wav` (RIFF/WAVE
 * headers, 24-bit stereo 48 kHz, noise-like audio after a stretch of silence).
 */
export const EDIT_COUNT = 10;

export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!m) throw new Error(`bad size '${text}' (use e.g. 256M, 1G)`);
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase()]!;
  return Math.round(Number(m[1]) * mult);
}

/** Deterministic pseudo-random bytes: AES-128-CTR over zeros, keyed by a label. Fast (native). */
export class Noise {
  private cipher;
  constructor(label: string) {
    const key = createHash('sha256').update(label).digest();
    this.cipher = createCipheriv('aes-128-ctr', key.subarray(0, 16), key.subarray(16, 32));
  }
  bytes(n: number): Buffer {
    return this.cipher.update(Buffer.alloc(n));
  }
  /** A number in [0, 1). */
  next(): number {
    return this.bytes(4).readUInt32LE(0) / 2 ** 32;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
}

const SAMPLE_RATE = 48000;
const CHANNELS = 2;
const BYTES_PER_SAMPLE = 3;

export function wavHeader(dataBytes: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(CHANNELS, 22);
  h.writeUInt32LE(SAMPLE_RATE, 24);
  h.writeUInt32LE(SAMPLE_RATE * CHANNELS * BYTES_PER_SAMPLE, 28);
  h.writeUInt16LE(CHANNELS * BYTES_PER_SAMPLE, 32);
  h.writeUInt16LE(BYTES_PER_SAMPLE * 8, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

interface AudioFile {
  name: string;
  /** Audio payload size (bytes after the header). */
  size: number;
  /** Bytes of silence at the start of the take. */
  silence: number;
  seed: string;
  /** Offset into the original take where this file's audio begins (after trims). */
  from: number;
}

const BLOCK = 4 * 1024 * 1024;

/** Write a take's audio: header, silence, then its noise from `from`, streamed in blocks. */
async function writeWav(path: string, f: AudioFile): Promise<void> {
  const align = CHANNELS * BYTES_PER_SAMPLE;
  const size = f.size - (f.size % align);
  const fh = await open(path, 'w');
  try {
    await fh.write(wavHeader(size));
    const noise = new Noise(f.seed);
    // Regenerate the take's stream up to `from` (trims keep the same audio bytes).
    let skip = Math.max(0, f.from - f.silence);
    while (skip > 0) {
      const n = Math.min(skip, BLOCK);
      noise.bytes(n);
      skip -= n;
    }
    let written = 0;
    const silent = Math.max(0, f.silence - f.from);
    while (written < size) {
      const n = Math.min(BLOCK, size - written);
      const buf =
        written + n <= silent
          ? Buffer.alloc(n)
          : written >= silent
            ? noise.bytes(n)
            : Buffer.concat([Buffer.alloc(silent - written), noise.bytes(n - (silent - written))]);
      await fh.write(buf);
      written += n;
    }
  } finally {
    await fh.close();
  }
}

function plist(entries: Record<string, string | number>): string {
  const body = Object.entries(entries)
    .map(
      ([k, v]) =>
        `\t<key>${k}</key>\n\t${typeof v === 'number' ? `<integer>${v}</integer>` : `<string>${v}</string>`}`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n<plist version="1.0">\n<dict>\n${body}\n</dict>\n</plist>\n`;
}

/** A ProjectData-like binary: records with names, ids and floats; compressible like the real one. */
function projectData(rng: Noise, size: number): Buffer {
  const parts: Buffer[] = [Buffer.from('\x00\x00\x00\x01ProjectData-bench\x00', 'latin1')];
  let total = parts[0]!.length;
  let i = 0;
  while (total < size) {
    const name = Buffer.from(`Region ${i % 97} Audio ${i % 13}\x00`, 'latin1');
    const rec = Buffer.alloc(48 + name.length);
    rec.write('qSvE', 0, 'latin1');
    rec.writeUInt32LE(i, 4);
    rec.writeDoubleLE((i * 1920) % 1_000_000, 8);
    rec.writeFloatLE(rng.next(), 16);
    rec.writeUInt32LE(rng.int(0, 15), 20);
    rng.bytes(8).copy(rec, 24);
    name.copy(rec, 48);
    parts.push(rec);
    total += rec.length;
    i++;
  }
  return Buffer.concat(parts).subarray(0, size);
}

export class LogicProject {
  readonly bundle: string;
  private rng: Noise;
  private audio: AudioFile[] = [];
  private pd: Buffer = Buffer.alloc(0);
  private saves = 0;
  private takes = 0;

  constructor(
    readonly parent: string,
    readonly size: number,
    readonly seed = 1,
    name = 'Bench Song.logicx',
  ) {
    this.bundle = `${parent}/${name}`;
    this.rng = new Noise(`project-${seed}`);
  }

  private audioDir(): string {
    return `${this.bundle}/Media/Audio Files`;
  }

  private newTake(size: number): AudioFile {
    this.takes++;
    const track = ['Vocal', 'Guitar', 'Bass', 'Drums', 'Keys', 'Audio 1'][this.takes % 6]!;
    return {
      name: `${track}#${String(this.takes).padStart(2, '0')}.wav`,
      size,
      silence: this.rng.int(0, SAMPLE_RATE) * CHANNELS * BYTES_PER_SAMPLE,
      seed: `take-${this.seed}-${this.takes}`,
      from: 0,
    };
  }

  private async save(): Promise<void> {
    this.saves++;
    const alt = `${this.bundle}/Alternatives/000`;
    await writeFile(`${alt}/ProjectData`, this.pd);
    await writeFile(
      `${alt}/MetaData.plist`,
      plist({
        NumberOfTracks: this.audio.length + 4,
        SampleRate: SAMPLE_RATE,
        SaveCount: this.saves,
        Version: 11020,
      }),
    );
    await writeFile(
      `${alt}/DisplayState.plist`,
      plist({ Zoom: this.saves % 7, Playhead: this.saves * 1920 }),
    );
  }

  /** The initial project: ~`size` bytes in all. */
  async generate(): Promise<void> {
    await rm(this.bundle, { recursive: true, force: true });
    await mkdir(this.audioDir(), { recursive: true });
    await mkdir(`${this.bundle}/Alternatives/000/Undo Data.nosync`, { recursive: true });
    await mkdir(`${this.bundle}/Resources`, { recursive: true });
    await writeFile(
      `${this.bundle}/Resources/ProjectInformation.plist`,
      plist({ LastSavedFrom: 'Logic Pro 11.2', BundleVersion: 1 }),
    );
    await writeFile(`${this.bundle}/Alternatives/000/Undo Data.nosync/undo`, this.rng.bytes(4096));
    this.pd = projectData(this.rng, 2 * 1024 * 1024);
    const budget = this.size - this.pd.length;
    const avg = Math.min(64 * 1024 ** 2, Math.max(1024 ** 2, Math.floor(budget / 30)));
    let left = budget;
    while (left > 0) {
      const want = Math.min(left, this.rng.int(Math.floor(avg / 2), Math.floor(avg * 1.5)));
      const f = this.newTake(want);
      this.audio.push(f);
      await writeWav(`${this.audioDir()}/${f.name}`, f);
      left -= want + 44;
    }
    await this.save();
  }

  /** ProjectData rewritten with a few small insertions and changes, as every save does. */
  private touchProjectData(): void {
    const pieces: Buffer[] = [];
    let pos = 0;
    const cuts = Array.from({ length: this.rng.int(2, 5) }, () =>
      this.rng.int(0, this.pd.length - 1),
    ).sort((a, b) => a - b);
    for (const c of cuts) {
      pieces.push(this.pd.subarray(pos, c), this.rng.bytes(this.rng.int(16, 200)));
      pos = c;
    }
    pieces.push(this.pd.subarray(pos));
    this.pd = Buffer.concat(pieces);
    for (let i = 0; i < 3; i++)
      this.rng.bytes(8).copy(this.pd, this.rng.int(0, this.pd.length - 8));
  }

  /** Apply edit `i` (0-based) of the series; returns what it did. */
  async edit(i: number): Promise<string> {
    const kinds = [
      'save',
      'take',
      'save',
      'trim-end',
      'take',
      'delete',
      'save',
      'trim-start',
      'take',
      'save',
    ];
    const kind = kinds[i % kinds.length]!;
    this.touchProjectData();
    let what = 'ProjectData edited';
    if (kind === 'take') {
      const f = this.newTake(Math.floor(this.size * 0.03));
      this.audio.push(f);
      await writeWav(`${this.audioDir()}/${f.name}`, f);
      what = `new take ${f.name} (${(f.size / 1024 ** 2).toFixed(1)} MiB) + save`;
    } else if (kind === 'trim-end' || kind === 'trim-start') {
      const f = this.audio[this.rng.int(0, this.audio.length - 1)]!;
      const cut = Math.floor(f.size * (kind === 'trim-end' ? 0.3 : 0.2));
      f.size -= cut;
      if (kind === 'trim-start') f.from += cut - (cut % (CHANNELS * BYTES_PER_SAMPLE));
      await writeWav(`${this.audioDir()}/${f.name}`, f);
      what = `${f.name} trimmed at the ${kind === 'trim-end' ? 'end' : 'start'} + save`;
    } else if (kind === 'delete') {
      const [f] = this.audio.splice(this.rng.int(0, this.audio.length - 1), 1);
      await rm(`${this.audioDir()}/${f!.name}`);
      what = `${f!.name} deleted + save`;
    }
    await this.save();
    return what;
  }
}
