import type { LogicMetadata } from '../../src-shared/api/metadata.js';

/**
 * What changed between two readings of a project (two saves, or two versions on the hub).
 * Pure: the hub and the UI reuse it for version diffs.
 */
export interface MetadataChange {
  field:
    | 'bpm'
    | 'key_signature'
    | 'time_signature'
    | 'sample_rate'
    | 'track_count'
    | 'audio_files.used'
    | 'audio_files.unused'
    | 'audio_files.missing'
    | 'tempo_map'
    | 'meter_map'
    | 'key_map'
    | 'alternative'
    | 'logic_version'
    | 'name';
  from?: unknown;
  to?: unknown;
  /** For lists: entries only in `b`, and only in `a`. */
  added?: string[];
  removed?: string[];
  text: string;
}

export interface MetadataDiff {
  changes: MetadataChange[];
  /** "tempo 120 → 124, C major → A minor, 2 tracks added, 3 audio files added"; "" if none. */
  text: string;
}

type Meta = Partial<LogicMetadata>;

const show = (v: unknown, unit = ''): string =>
  v === undefined ? 'unknown' : `${String(v)}${unit}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function listChange(
  field: MetadataChange['field'],
  a: string[] = [],
  b: string[] = [],
  noun: string,
  verbs: [string, string],
): MetadataChange | undefined {
  const before = new Set(a);
  const after = new Set(b);
  const added = b.filter((x) => !before.has(x));
  const removed = a.filter((x) => !after.has(x));
  if (added.length === 0 && removed.length === 0) return undefined;
  const parts: string[] = [];
  if (added.length > 0) parts.push(`${plural(added.length, noun)} ${verbs[0]}`);
  if (removed.length > 0) parts.push(`${plural(removed.length, noun)} ${verbs[1]}`);
  return { field, added, removed, text: parts.join(', ') };
}

/**
 * A tempo map that differs only in its first point's tempo, that point being the project tempo
 * already said ("tempo 120 → 124"): a plain tempo change, not a change of the map.
 */
function onlyTempoChanged(a: Meta, b: Meta): boolean {
  const x = a.tempo_map;
  const y = b.tempo_map;
  if (!x?.length || !y?.length || x.length !== y.length || a.bpm === b.bpm) return false;
  if (x[0]!.bpm !== a.bpm || y[0]!.bpm !== b.bpm) return false;
  return same({ ...x[0], bpm: 0 }, { ...y[0], bpm: 0 }) && same(x.slice(1), y.slice(1));
}

function mapChange(field: 'tempo_map' | 'meter_map' | 'key_map', a: Meta, b: Meta, what: string) {
  const x = a[field];
  const y = b[field];
  if (same(x, y)) return undefined;
  if (field === 'tempo_map' && onlyTempoChanged(a, b)) return undefined;
  const count = (v: unknown[] | undefined) => (v === undefined ? 'unknown' : String(v.length));
  const text = `${what} changed (${count(x)} → ${count(y)} events)`;
  return { field, from: x, to: y, text } satisfies MetadataChange;
}

export function diffMetadata(a: Meta, b: Meta): MetadataDiff {
  const changes: MetadataChange[] = [];
  const scalar = (field: MetadataChange['field'], x: unknown, y: unknown, text: string) => {
    if (!same(x, y)) changes.push({ field, from: x, to: y, text });
  };
  if (a.name !== b.name)
    scalar('name', a.name, b.name, `renamed ${show(a.name)} → ${show(b.name)}`);
  scalar('bpm', a.bpm, b.bpm, `tempo ${show(a.bpm)} → ${show(b.bpm)}`);
  scalar(
    'key_signature',
    a.key_signature,
    b.key_signature,
    `${show(a.key_signature)} → ${show(b.key_signature)}`,
  );
  scalar(
    'time_signature',
    a.time_signature,
    b.time_signature,
    `time ${show(a.time_signature)} → ${show(b.time_signature)}`,
  );
  scalar(
    'sample_rate',
    a.sample_rate,
    b.sample_rate,
    `sample rate ${show(a.sample_rate, ' Hz')} → ${show(b.sample_rate, ' Hz')}`,
  );
  if (a.track_count !== b.track_count) {
    const x = a.track_count;
    const y = b.track_count;
    const text =
      x === undefined || y === undefined
        ? `tracks ${show(x)} → ${show(y)}`
        : y > x
          ? `${plural(y - x, 'track')} added`
          : `${plural(x - y, 'track')} removed`;
    changes.push({ field: 'track_count', from: x, to: y, text });
  }
  const fa = a.audio_files;
  const fb = b.audio_files;
  for (const c of [
    listChange('audio_files.used', fa?.used, fb?.used, 'audio file', ['added', 'removed']),
    listChange('audio_files.unused', fa?.unused, fb?.unused, 'unused audio file', [
      'added',
      'removed',
    ]),
    listChange('audio_files.missing', fa?.missing, fb?.missing, 'audio file', [
      'missing',
      'found again',
    ]),
    mapChange('tempo_map', a, b, 'tempo map'),
    mapChange('meter_map', a, b, 'meter map'),
    mapChange('key_map', a, b, 'key map'),
  ]) {
    if (c) changes.push(c);
  }
  const alt = (m: Meta) => m.alternative && `${m.alternative.index} "${m.alternative.name}"`;
  scalar(
    'alternative',
    a.alternative,
    b.alternative,
    `alternative ${show(alt(a))} → ${show(alt(b))}`,
  );
  scalar(
    'logic_version',
    a.logic_version,
    b.logic_version,
    `saved with ${show(a.logic_version)} → ${show(b.logic_version)}`,
  );
  return { changes, text: changes.map((c) => c.text).join(', ') };
}

/** True when two readings differ in anything but their warnings. */
export function metadataChanged(a: Meta, b: Meta): boolean {
  return (
    diffMetadata(a, b).changes.length > 0 ||
    a.kind !== b.kind ||
    a.project_data_format !== b.project_data_format ||
    !same(a.key, b.key)
  );
}
