import type { Key } from '../../src-shared/api/metadata.js';

/** Logic's SignatureKey: 7 + fifths (sharps positive, flats negative), + 16 for minor. */
const MAJOR = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];
const MINOR = ['Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#', 'G#', 'D#', 'A#'];

/** The key a code stands for, or undefined for a code outside the 30 known ones. */
export function keyFromCode(code: number): Key | undefined {
  if (!Number.isInteger(code)) return undefined;
  const minor = code >= 16;
  const tonic = (minor ? MINOR : MAJOR)[code - (minor ? 16 : 0)];
  return tonic ? { tonic, mode: minor ? 'minor' : 'major', code } : undefined;
}

export function keyText(key: Key): string {
  return `${key.tonic} ${key.mode}`;
}
