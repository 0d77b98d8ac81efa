/**
 * The metadata diff in a musician's words: "Tempo 120 → 124 BPM", "Key C major → A minor",
 * "Time signature 4/4 → 6/8", "Sample rate 44.1 → 48 kHz", "Tracks 12 → 14 (+ Vocals 2, + Pad)".
 * Pure: the hub sends the changes as data (`diffMetadata`), the page words them.
 */
import type { MetadataChangeWire } from '../../../src-shared/api/versions.js';
import { formatBpm } from '../../lib/format.js';

const ARROW = '→';
const known = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const text = (v: unknown, show: (x: never) => string = String) =>
  known(v) ? show(v as never) : 'unknown';

/** 44100 → "44.1", 48000 → "48". */
function khz(hz: number): string {
  const k = hz / 1000;
  return Number.isInteger(k) ? String(k) : String(Math.round(k * 10) / 10);
}

function names(added: string[] = [], removed: string[] = []): string {
  const parts = [...added.map((n) => `+ ${n}`), ...removed.map((n) => `− ${n}`)];
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function count(v: unknown): string {
  return Array.isArray(v) ? String(v.length) : 'unknown';
}

function listText(label: string, c: MetadataChangeWire, verbs: [string, string]): string {
  const parts: string[] = [];
  if (c.added?.length) parts.push(`${c.added.length} ${verbs[0]}`);
  if (c.removed?.length) parts.push(`${c.removed.length} ${verbs[1]}`);
  return `${label}: ${parts.join(', ')}`;
}

export function describeChange(c: MetadataChangeWire): string {
  switch (c.field) {
    case 'bpm':
      return `Tempo ${text(c.from, formatBpm)} ${ARROW} ${text(c.to, formatBpm)} BPM`;
    case 'key_signature':
      return `Key ${text(c.from)} ${ARROW} ${text(c.to)}`;
    case 'time_signature':
      return `Time signature ${text(c.from)} ${ARROW} ${text(c.to)}`;
    case 'sample_rate':
      return `Sample rate ${text(c.from, khz)} ${ARROW} ${text(c.to, khz)} kHz`;
    case 'track_count':
      return `Tracks ${text(c.from)} ${ARROW} ${text(c.to)}${names(c.added, c.removed)}`;
    case 'tempo_map':
      return `Tempo map ${count(c.from)} ${ARROW} ${count(c.to)} changes`;
    case 'meter_map':
      return `Meter map ${count(c.from)} ${ARROW} ${count(c.to)} changes`;
    case 'key_map':
      return `Key map ${count(c.from)} ${ARROW} ${count(c.to)} changes`;
    case 'audio_files.used':
      return listText('Audio files', c, ['added', 'removed']);
    case 'audio_files.unused':
      return listText('Unused audio files', c, ['added', 'removed']);
    case 'audio_files.missing':
      return listText('Missing audio files', c, ['missing', 'found again']);
    case 'name':
      return `Renamed ${text(c.from)} ${ARROW} ${text(c.to)}`;
    case 'logic_version':
      return `Saved with Logic ${text(c.from)} ${ARROW} ${text(c.to)}`;
    default:
      // A field a newer hub knows: its own words, capitalised.
      return c.text.charAt(0).toUpperCase() + c.text.slice(1);
  }
}

/** The musical facts first (what a producer scans for), then the rest. */
const ORDER = ['bpm', 'key_signature', 'time_signature', 'sample_rate', 'track_count'];

export function describeChanges(changes: MetadataChangeWire[]): string[] {
  const rank = (f: string) => (ORDER.includes(f) ? ORDER.indexOf(f) : ORDER.length);
  return [...changes].sort((a, b) => rank(a.field) - rank(b.field)).map(describeChange);
}

/** Only the changes a timeline row has room for: the musical ones. */
export function headlineChanges(changes: MetadataChangeWire[]): string[] {
  return describeChanges(
    changes.filter((c) => ORDER.includes(c.field) || c.field.endsWith('_map')),
  );
}
