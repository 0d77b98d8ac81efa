import { describe, expect, it } from 'vitest';
import {
  branchNameProblem,
  bundleNameOfStore,
  normalisationLabels,
  treePathProblem,
} from '../../src-main/store/paths.js';

describe('tree paths (hostile inputs)', () => {
  it.each([
    '',
    '/etc/passwd',
    '../outside',
    'a/../../b',
    'a/./b',
    'a//b',
    'a/',
    '.auxin/HEAD',
    '.auxin',
    'a\0b',
    'a\\..\\b',
    'x'.repeat(300),
    'a/\uD800b',
  ])('refuses %j', (p) => {
    expect(treePathProblem(p)).not.toBeNull();
  });

  it.each([
    'Media/Audio Files/Take #1.wav',
    'Аудио/запись.wav',
    'Cafe\u0301.wav',
    'Caf\u00e9.wav',
    '.auxinignore',
    'a/.auxin-not-the-store',
    'emoji 🎹.aif',
  ])('accepts %j', (p) => {
    expect(treePathProblem(p)).toBeNull();
  });
});

describe('branch names', () => {
  it.each(['', 'HEAD', '../x', 'a/../b', '.hidden', 'a.lock', 'a b', '-x', 'a//b', 'x/'])(
    'refuses %j',
    (n) => {
      expect(branchNameProblem(n)).not.toBeNull();
    },
  );
  it.each(['main', 'feature/mix-2', 'v1.2', 'take_3'])('accepts %j', (n) => {
    expect(branchNameProblem(n)).toBeNull();
  });
  it('refuses a name whose lock file name would pass 255 bytes, each / counting as %2F', () => {
    // refs%2Fheads%2F + name + .lock: 20 bytes around the name.
    expect(branchNameProblem('a'.repeat(200))).toBeNull();
    expect(branchNameProblem(`${'a/'.repeat(39)}${'a'.repeat(79)}`)).toBeNull(); // 255 bytes
    expect(branchNameProblem(`${'a/'.repeat(39)}${'a'.repeat(80)}`)).toBe('name too long');
  });
});

describe('bundle sibling stores', () => {
  it('maps .MySong.logicx.auxin back to its bundle and nothing else', () => {
    expect(bundleNameOfStore('.MySong.logicx.auxin')).toBe('MySong.logicx');
    expect(bundleNameOfStore('.Jam.band.auxin')).toBe('Jam.band');
    expect(bundleNameOfStore('.auxin')).toBeNull();
    expect(bundleNameOfStore('.notes.auxin')).toBeNull();
  });
});

describe('names differing only in normalisation', () => {
  it('are labelled with their form only when a look-alike is listed', () => {
    const nfd = 'Audio/Cafe\u0301.wav';
    const nfc = 'Audio/Caf\u00e9.wav';
    const labels = normalisationLabels([nfd, nfc, 'Audio/x.wav']);
    expect(labels.get(nfd)).toBe('NFD');
    expect(labels.get(nfc)).toBe('NFC');
    expect(labels.has('Audio/x.wav')).toBe(false);
    expect(normalisationLabels([nfd]).size).toBe(0);
  });
});
