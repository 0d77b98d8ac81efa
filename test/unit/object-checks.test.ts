/**
 * The fast checks objects are read with give the slow ones' verdicts: isTree the schema's,
 * isCanonical the full re-encoding's.
 */
import { describe, expect, it } from 'vitest';
import { isTree, Tree } from '../../src-shared/api/commits.js';
import { parseTreeBytes } from '../../src-main/store/objects.js';
import { canonicalBytes, isCanonical } from '../../src-main/store/canonical.js';
import { blake3Hex } from '../../src-main/store/hash.js';

const hex = (n: number) => n.toString(16).padStart(64, '0');

function validTree(): Doc {
  return {
    entries: [
      { path: 'Alternatives', kind: 'dir', mode: 0o755, size: 0 },
      {
        path: 'Alternatives/ProjectData',
        kind: 'file',
        mode: 0o644,
        size: 30,
        content_id: hex(1),
        chunks: [
          { id: hex(2), size: 10 },
          { id: hex(3), size: 20 },
        ],
      },
      { path: 'link', kind: 'symlink', mode: 0o777, size: 0, target: 'Alternatives' },
    ],
  };
}

type Doc = Record<string, unknown>;
type Edit = [string, (t: Doc) => void];
const list = (v: unknown) => v as unknown[];
const entry = (t: Doc, i: number) => list(t.entries)[i] as Doc;
const chunk = (t: Doc, i: number, j: number) => list(entry(t, i).chunks)[j] as Doc;

/** One change each: to the whole, to an entry, to a chunk reference. */
const edits: Edit[] = [
  ['nothing', () => {}],
  ['extra top key', (t) => (t.extra = 1)],
  ['no entries', (t) => delete t.entries],
  ['entries not a list', (t) => (t.entries = {})],
  ['empty entries', (t) => (t.entries = [])],
  ['entry is null', (t) => (list(t.entries)[0] = null)],
  ['entry is a list', (t) => (list(t.entries)[0] = [])],
  ['entry extra key', (t) => (entry(t, 1).extra = 'x')],
  [
    'entry __proto__ key',
    (t) => Object.defineProperty(entry(t, 1), '__proto__', { value: 1, enumerable: true }),
  ],
  ['empty path', (t) => (entry(t, 0).path = '')],
  ['path a number', (t) => (entry(t, 0).path = 7)],
  ['no path', (t) => delete entry(t, 0).path],
  ['unknown kind', (t) => (entry(t, 0).kind = 'pipe')],
  ['no kind', (t) => delete entry(t, 0).kind],
  ['mode negative', (t) => (entry(t, 0).mode = -1)],
  ['mode at its limit', (t) => (entry(t, 0).mode = 0o7777)],
  ['mode past its limit', (t) => (entry(t, 0).mode = 0o10000)],
  ['mode fractional', (t) => (entry(t, 0).mode = 1.5)],
  ['mode a string', (t) => (entry(t, 0).mode = '755')],
  ['no mode', (t) => delete entry(t, 0).mode],
  ['size negative', (t) => (entry(t, 1).size = -1)],
  ['size fractional', (t) => (entry(t, 1).size = 0.5)],
  ['size past 2^53', (t) => (entry(t, 1).size = 2 ** 54)],
  ['size null', (t) => (entry(t, 1).size = null)],
  ['no size', (t) => delete entry(t, 1).size],
  [
    'content id upper case',
    (t) => (entry(t, 1).content_id = hex(1).toUpperCase().replace('0', 'A')),
  ],
  ['content id short', (t) => (entry(t, 1).content_id = 'ab')],
  ['content id null', (t) => (entry(t, 1).content_id = null)],
  ['no content id', (t) => delete entry(t, 1).content_id],
  ['chunks not a list', (t) => (entry(t, 1).chunks = { id: hex(2), size: 1 })],
  ['chunks empty', (t) => (entry(t, 1).chunks = [])],
  ['chunk null', (t) => (list(entry(t, 1).chunks)[0] = null)],
  ['chunk extra key', (t) => (chunk(t, 1, 0).at = 0)],
  ['chunk without id', (t) => delete chunk(t, 1, 0).id],
  ['chunk without size', (t) => delete chunk(t, 1, 1).size],
  ['chunk id bad', (t) => (chunk(t, 1, 1).id = `${hex(3).slice(1)}g`)],
  ['chunk id a number', (t) => (chunk(t, 1, 1).id = 3)],
  ['chunk size negative', (t) => (chunk(t, 1, 0).size = -10)],
  ['chunk size a string', (t) => (chunk(t, 1, 0).size = '10')],
  ['chunk size fractional', (t) => (chunk(t, 1, 0).size = 1e-3)],
  ['target a number', (t) => (entry(t, 2).target = 1)],
  ['no target', (t) => delete entry(t, 2).target],
];

/** The value as it would arrive: through JSON, so it holds only what the wire can carry. */
const wire = (t: unknown): unknown => JSON.parse(JSON.stringify(t));

describe('isTree', () => {
  it('agrees with the Tree schema on every single change', () => {
    for (const [name, edit] of edits) {
      const t = validTree();
      edit(t);
      const v = wire(t);
      expect(isTree(v), name).toBe(Tree.safeParse(v).success);
    }
  });

  it('agrees with the Tree schema on random pairs of changes', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 500; i++) {
      const t = validTree();
      const a = edits[rand(edits.length)]!;
      const b = edits[rand(edits.length)]!;
      try {
        a[1](t);
        b[1](t);
      } catch {
        continue; // the first change removed what the second edits
      }
      const v = wire(t);
      expect(isTree(v), `${a[0]} + ${b[0]}`).toBe(Tree.safeParse(v).success);
    }
  });

  it('is what parseTreeBytes reads with; the schema still words a refusal', () => {
    const good = canonicalBytes(validTree());
    expect(parseTreeBytes(good, blake3Hex(good))).toEqual(validTree());
    const t = validTree();
    chunk(t, 1, 0).size = -10;
    const bad = canonicalBytes(t);
    expect(() => parseTreeBytes(bad, blake3Hex(bad))).toThrow(/tree [0-9a-f]{64}: .*>=0/);
  });
});

describe('isCanonical', () => {
  const cases: [string, boolean][] = [
    [canonicalBytes(validTree()).toString('utf8'), true],
    ['{"b":1,"a":2}', false], // keys out of order
    ['{"a": 1}', false], // whitespace
    ['{"a":1.0}', false], // a number written another way
    ['{"a":1e2}', false],
    ['{"a":"\\u0041"}', false], // an escape JSON.stringify would not write
    ['{"a":1,"a":2}', false], // a duplicate key
    ['{"10":1,"9":2}', true], // integer-like keys: sorted as strings, not as the engine orders them
    ['{"9":2,"10":1}', false],
    ['[{"id":"x","size":0},[],{}]', true],
    ['"\\ud800"', true], // a lone surrogate, as JSON.stringify escapes it
  ];

  it('agrees with the full re-encoding', () => {
    for (const [text, canonical] of cases) {
      const bytes = Buffer.from(text, 'utf8');
      const value: unknown = JSON.parse(text);
      expect(isCanonical(value, bytes), text).toBe(canonical);
      expect(canonicalBytes(value).equals(bytes), text).toBe(canonical);
    }
  });

  it('compares bytes, not decoded text, and leaves non-JSON values to the full check', () => {
    // Invalid UTF-8 decodes to U+FFFD, which re-encodes to other bytes.
    const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.of(0xff), Buffer.from('"}')]);
    expect(isCanonical(JSON.parse(bad.toString('utf8')), bad)).toBe(false);
    const date = new Date(0);
    expect(isCanonical(date, Buffer.from('{}'))).toBe(
      canonicalBytes(date).equals(Buffer.from('{}')),
    );
  });
});
