import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caseCollisions, ignoresCase } from '../../src-main/store/casefold.js';

describe('names a Mac disk takes for one', () => {
  it('groups paths that differ only in case or Unicode form', () => {
    expect(caseCollisions(['Take.wav', 'take.wav', 'Other.wav'])).toEqual([
      ['Take.wav', 'take.wav'],
    ]);
    expect(caseCollisions(['Audio Files', 'audio files', 'AUDIO FILES/x'])).toEqual([
      ['Audio Files', 'audio files'],
    ]);
    // NFD and NFC of "Café", and a capital on top.
    expect(caseCollisions(['Cafe\u0301.wav', 'CAF\u00c9.wav'])).toEqual([
      ['Cafe\u0301.wav', 'CAF\u00c9.wav'],
    ]);
    expect(caseCollisions(['Бас.wav', 'бас.wav'])).toHaveLength(1);
  });

  it('leaves alone names a Mac keeps apart', () => {
    expect(
      caseCollisions(['Take 1.wav', 'Take 2.wav', 'Take1.wav', 'a/Take.wav', 'Take.wav']),
    ).toEqual([]);
    expect(caseCollisions([])).toEqual([]);
  });

  it('finds that this test machine disk keeps case, and leaves no probe file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'auxin-case-'));
    try {
      expect(await ignoresCase(dir)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
