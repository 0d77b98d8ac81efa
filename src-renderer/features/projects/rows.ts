/**
 * The projects view's rows: hub projects and watched local projects never pushed, in one shape,
 * filtered and sorted. Pure, so the tests and the virtualised list share one truth.
 */
import type { Lock } from '../../../src-shared/api/locks.js';
import type { LocalProject } from '../../../src-shared/api/metadata.js';
import type { Project, ProjectHead } from '../../../src-shared/api/projects.js';

export interface Row {
  /** `ns/name` for a hub project, `local:<path>` for a local one. */
  id: string;
  kind: 'hub' | 'local';
  namespace: string | null;
  name: string;
  owner: string | null;
  bpm?: number;
  keySignature?: string;
  timeSignature?: string;
  sampleRate?: number;
  tracks?: number;
  head: ProjectHead | null;
  size: number | null;
  lock: Lock | null;
  /** The last version's time, or when Logic last saved a local project. */
  changedAt: string | null;
  path?: string;
}

export type LockFilter = 'any' | 'free' | 'mine' | 'others' | 'local';
export type SortKey = 'name' | 'changed' | 'tempo';

export interface Filters {
  query: string;
  bpmMin: string;
  bpmMax: string;
  key: string;
  lock: LockFilter;
  sort: SortKey;
}

export const NO_FILTERS: Filters = {
  query: '',
  bpmMin: '',
  bpmMax: '',
  key: '',
  lock: 'any',
  sort: 'name',
};

export const projectId = (ns: string, name: string) => `${ns}/${name}`;

/** "My Song.logicx" → "My Song": the bundle's extension says nothing to a producer. */
export function displayName(name: string): string {
  return name.replace(/\.(logicx|band)$/i, '');
}

export function hubRow(p: Project): Row {
  const m = p.metadata;
  return {
    id: projectId(p.repo.namespace, p.repo.name),
    kind: 'hub',
    namespace: p.repo.namespace,
    name: p.repo.name,
    owner: p.repo.owner,
    bpm: m?.bpm,
    keySignature: m?.key_signature,
    timeSignature: m?.time_signature,
    sampleRate: m?.sample_rate,
    tracks: m?.track_count,
    head: p.head,
    size: p.size,
    lock: p.lock,
    changedAt: p.head?.timestamp ?? null,
  };
}

/** A watched project that is not on this hub yet (never pushed), or null when it is. */
export function localRow(l: LocalProject): Row | null {
  if (l.repo?.on_this_hub) return null;
  const m = l.metadata;
  return {
    id: `local:${l.path}`,
    kind: 'local',
    namespace: null,
    name: `${l.name}`,
    owner: null,
    bpm: m?.bpm,
    keySignature: m?.key_signature,
    timeSignature: m?.time_signature,
    sampleRate: m?.sample_rate,
    tracks: m?.track_count,
    head: null,
    size: null,
    lock: null,
    changedAt: l.saved_at,
    path: l.path,
  };
}

function lockMatches(row: Row, filter: LockFilter, me: string | null): boolean {
  switch (filter) {
    case 'any':
      return true;
    case 'local':
      return row.kind === 'local';
    case 'free':
      return row.kind === 'hub' && !row.lock;
    case 'mine':
      return !!row.lock && row.lock.username === me;
    case 'others':
      return !!row.lock && row.lock.username !== me;
  }
}

const byName = (a: Row, b: Row) =>
  displayName(a.name).localeCompare(displayName(b.name), undefined, { sensitivity: 'base' }) ||
  a.id.localeCompare(b.id);

export function visibleRows(rows: Row[], f: Filters, me: string | null): Row[] {
  const words = f.query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const min = f.bpmMin.trim() === '' ? null : Number(f.bpmMin);
  const max = f.bpmMax.trim() === '' ? null : Number(f.bpmMax);
  const out = rows.filter((r) => {
    const hay = `${r.name} ${r.namespace ?? ''}`.toLowerCase();
    if (!words.every((w) => hay.includes(w))) return false;
    if (min !== null && !Number.isNaN(min) && !(r.bpm !== undefined && r.bpm >= min)) return false;
    if (max !== null && !Number.isNaN(max) && !(r.bpm !== undefined && r.bpm <= max)) return false;
    if (f.key && r.keySignature !== f.key) return false;
    return lockMatches(r, f.lock, me);
  });
  if (f.sort === 'name') return out.sort(byName);
  if (f.sort === 'tempo') {
    return out.sort((a, b) => (a.bpm ?? Infinity) - (b.bpm ?? Infinity) || byName(a, b));
  }
  // Newest change first; never-changed rows last.
  return out.sort(
    (a, b) =>
      (b.changedAt ? Date.parse(b.changedAt) : -Infinity) -
        (a.changedAt ? Date.parse(a.changedAt) : -Infinity) || byName(a, b),
  );
}

/** The keys present, for the key filter's choices. */
export function keysOf(rows: Row[]): string[] {
  return [...new Set(rows.map((r) => r.keySignature).filter((k): k is string => !!k))].sort();
}
