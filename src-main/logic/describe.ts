import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { showHidden } from '../../src-shared/names.js';

/** One line: "120 BPM, C major, 4/4, 44100 Hz, 3 tracks". Unknown values are left out. */
export function summarize(m: LogicMetadata): string {
  const parts: string[] = [];
  if (m.bpm !== undefined) parts.push(`${m.bpm} BPM`);
  if (m.key_signature) parts.push(m.key_signature);
  if (m.time_signature) parts.push(m.time_signature);
  if (m.sample_rate !== undefined) parts.push(`${m.sample_rate} Hz`);
  if (m.track_count !== undefined)
    parts.push(`${m.track_count} track${m.track_count === 1 ? '' : 's'}`);
  return parts.length > 0 ? parts.join(', ') : 'no musical metadata';
}

/** The human form of `auxin meta`: one labelled line per value, "unknown" where absent. */
export function describeMetadata(m: LogicMetadata): string {
  const unknown = 'unknown';
  const changes = (n: number | undefined, what: string) =>
    n !== undefined && n > 1 ? ` (${n - 1} ${what} change${n > 2 ? 's' : ''})` : '';
  const rows: Array<[string, string]> = [
    [
      'tempo',
      m.bpm !== undefined ? `${m.bpm} BPM${changes(m.tempo_map?.length, 'tempo')}` : unknown,
    ],
    ['key', (m.key_signature ?? unknown) + changes(m.key_map?.length, 'key')],
    ['time signature', (m.time_signature ?? unknown) + changes(m.meter_map?.length, 'meter')],
    ['sample rate', m.sample_rate !== undefined ? `${m.sample_rate} Hz` : unknown],
    ['tracks', m.track_count !== undefined ? String(m.track_count) : unknown],
    ['saved with', m.last_saved_from ?? unknown],
    ['alternative', m.alternative ? `${m.alternative.index} "${m.alternative.name}"` : unknown],
    [
      'audio files',
      `${m.audio_files.used.length} used, ${m.audio_files.unused.length} unused, ${m.audio_files.missing.length} missing`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  // Names and plist strings come from whoever made the bundle: never raw to a terminal.
  const lines = [
    showHidden(`${m.name}.${m.kind}`),
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${showHidden(v)}`),
  ];
  for (const w of m.warnings) lines.push(`  warning: ${showHidden(w)}`);
  return lines.join('\n') + '\n';
}
