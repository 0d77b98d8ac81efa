/**
 * Repository filters over metadata summaries (pure, so hostile queries are unit-tested): a
 * tempo range, a key ("A minor", "F#m", "Bb": spelled any way, compared by pitch class and mode;
 * a tonic alone matches both modes) and words that must all appear somewhere in the repository.
 */
import type { RepoFilterQuery, RepoMetadataSummary } from '../../../src-shared/api/metadata.js';

const LETTER: Record<string, number> = { c: 0, d: 2, e: 4, f: 5, g: 7, a: 9, b: 11 };

export interface KeyQuery {
  pitch: number;
  mode?: 'major' | 'minor';
}

/** Parses "A minor", "a min", "Am", "F#", "Gb major", "C♯m"; null when it is not a key. */
export function parseKey(text: string): KeyQuery | null {
  const m = /^\s*([A-Ga-g])\s*([#♯b♭]?)\s*(major|maj|minor|min|m|M)?\s*$/.exec(
    text.replace(/[-_]/g, ' '),
  );
  if (!m) return null;
  let pitch = LETTER[m[1]!.toLowerCase()]!;
  if (m[2] === '#' || m[2] === '♯') pitch += 1;
  if (m[2] === 'b' || m[2] === '♭') pitch += 11;
  const word = m[3];
  const mode =
    word === undefined
      ? undefined
      : word === 'M' || word.toLowerCase().startsWith('maj')
        ? 'major'
        : 'minor';
  return { pitch: pitch % 12, ...(mode ? { mode } : {}) };
}

export function keyMatches(query: KeyQuery, keySignature: string | undefined): boolean {
  if (!keySignature) return false;
  const k = parseKey(keySignature);
  if (!k) return false;
  return k.pitch === query.pitch && (query.mode === undefined || k.mode === query.mode);
}

export interface Filterable {
  namespace: string;
  name: string;
  description: string;
  metadata: RepoMetadataSummary | null;
}

/** True when the query asks for any filtering at all. */
export function isFiltering(q: RepoFilterQuery): boolean {
  return q.bpm_min !== undefined || q.bpm_max !== undefined || !!q.key || !!q.q;
}

/** Returns a predicate, or throws a message for a key that cannot be understood. */
export function repoFilter(q: RepoFilterQuery): (r: Filterable) => boolean {
  const key = q.key ? parseKey(q.key) : null;
  if (q.key && !key) throw new Error(`'${q.key}' is not a key (try "A minor", "F#m", "Bb")`);
  if (q.bpm_min !== undefined && q.bpm_max !== undefined && q.bpm_min > q.bpm_max) {
    throw new Error('bpm_min is above bpm_max');
  }
  const words = (q.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return (r) => {
    const m = r.metadata;
    if (q.bpm_min !== undefined || q.bpm_max !== undefined) {
      if (m?.bpm === undefined) return false;
      if (q.bpm_min !== undefined && m.bpm < q.bpm_min) return false;
      if (q.bpm_max !== undefined && m.bpm > q.bpm_max) return false;
    }
    if (key && !keyMatches(key, m?.key_signature)) return false;
    if (words.length) {
      const hay = [
        r.namespace,
        r.name,
        r.description,
        m?.project,
        m?.key_signature,
        ...(m?.tags ?? []),
      ]
        .filter(Boolean)
        .join('\n')
        .toLowerCase();
      if (!words.every((w) => hay.includes(w))) return false;
    }
    return true;
  };
}
