/**
 * Versions in a musician's words: "tempo 120 BPM, C major, 4/4" for a version, and what changed
 * since the one before in the words `auxin watch` uses ("tempo 137.5 → 120").
 */
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { diffMetadata } from '../logic/diff.js';

type Meta = Partial<LogicMetadata> | undefined;

/** "tempo 120 BPM, C major, 4/4", or "" when the version has no project metadata. */
export function musicLine(meta: Meta): string {
  if (!meta) return '';
  const parts: string[] = [];
  if (typeof meta.bpm === 'number') parts.push(`tempo ${meta.bpm} BPM`);
  if (meta.key_signature) parts.push(meta.key_signature);
  if (meta.time_signature) parts.push(meta.time_signature);
  return parts.join(', ');
}

/** What changed from `before` to `after` in the project, or "" (also when either is unknown). */
export function musicChange(before: Meta, after: Meta): string {
  if (!before || !after || Object.keys(before).length === 0 || Object.keys(after).length === 0) {
    return '';
  }
  return diffMetadata(before, after).text;
}

/** "1 file", "3 files". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
