import { describe, expect, it } from 'vitest';
import { NO_FILTERS, visibleRows, type Row } from './rows.js';

const row = (name: string, extra: Partial<Row> = {}): Row => ({
  id: `studio/${name}`,
  kind: 'hub',
  namespace: 'studio',
  name,
  owner: 'ana',
  head: null,
  size: null,
  lock: null,
  changedAt: null,
  ...extra,
});

const lock = (username: string) =>
  ({ username, expires_at: new Date(Date.now() + 3600_000).toISOString() }) as Row['lock'];

const rows = [
  row('Verse.logicx', { bpm: 92, keySignature: 'A minor', changedAt: '2026-01-02T00:00:00Z' }),
  row('chorus.logicx', {
    bpm: 128,
    keySignature: 'C major',
    lock: lock('ana'),
    changedAt: '2026-03-01T00:00:00Z',
  }),
  row('Bridge.logicx', { bpm: 110, keySignature: 'C major', lock: lock('ben') }),
  {
    ...row('Sketch'),
    id: 'local:/x/Sketch.logicx',
    kind: 'local' as const,
    namespace: null,
    bpm: 100,
  },
];
const names = (r: Row[]) => r.map((x) => x.name);

describe('visibleRows', () => {
  it('sorts by name ignoring case, by last change (newest first, never-changed last), by tempo', () => {
    expect(names(visibleRows(rows, NO_FILTERS, 'ana'))).toEqual([
      'Bridge.logicx',
      'chorus.logicx',
      'Sketch',
      'Verse.logicx',
    ]);
    expect(names(visibleRows(rows, { ...NO_FILTERS, sort: 'changed' }, 'ana')).slice(0, 2)).toEqual(
      ['chorus.logicx', 'Verse.logicx'],
    );
    expect(names(visibleRows(rows, { ...NO_FILTERS, sort: 'tempo' }, 'ana'))).toEqual([
      'Verse.logicx',
      'Sketch',
      'Bridge.logicx',
      'chorus.logicx',
    ]);
  });

  it('searches every word of the name, case-insensitively', () => {
    expect(names(visibleRows(rows, { ...NO_FILTERS, query: '  CHOR ' }, 'ana'))).toEqual([
      'chorus.logicx',
    ]);
    expect(visibleRows(rows, { ...NO_FILTERS, query: 'chorus verse' }, 'ana')).toEqual([]);
  });

  it('filters by tempo range, key and lock state', () => {
    const f = { ...NO_FILTERS, bpmMin: '100', bpmMax: '120' };
    expect(names(visibleRows(rows, f, 'ana'))).toEqual(['Bridge.logicx', 'Sketch']);
    expect(names(visibleRows(rows, { ...NO_FILTERS, key: 'C major' }, 'ana'))).toEqual([
      'Bridge.logicx',
      'chorus.logicx',
    ]);
    expect(names(visibleRows(rows, { ...NO_FILTERS, lock: 'mine' }, 'ana'))).toEqual([
      'chorus.logicx',
    ]);
    expect(names(visibleRows(rows, { ...NO_FILTERS, lock: 'others' }, 'ana'))).toEqual([
      'Bridge.logicx',
    ]);
    expect(names(visibleRows(rows, { ...NO_FILTERS, lock: 'free' }, 'ana'))).toEqual([
      'Verse.logicx',
    ]);
    expect(names(visibleRows(rows, { ...NO_FILTERS, lock: 'local' }, 'ana'))).toEqual(['Sketch']);
    // A half-typed bound ("1") is a bound; garbage is ignored rather than hiding everything.
    expect(visibleRows(rows, { ...NO_FILTERS, bpmMin: 'abc' }, 'ana')).toHaveLength(4);
  });
});
