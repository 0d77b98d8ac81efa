import { describe, expect, it } from 'vitest';
import { isValidName, isValidUsername, nameProblem } from '../../src-shared/names.js';
import { repoDir } from '../../src-main/hub/repo-paths.js';

describe('repository and namespace names', () => {
  it.each([
    'MySong.logicx',
    'community',
    'Song With Spaces',
    'été 2026',
    'a',
    'x'.repeat(100),
    'v1.2-final_mix',
    'می\u200Cخواهم', // a Persian word with its zero-width non-joiner
    'Band \u{1F468}\u200D\u{1F3A4}', // an emoji sequence joined by U+200D
  ])('accepts %j', (name) => {
    expect(nameProblem(name)).toBeNull();
  });

  it.each([
    '',
    '.',
    '..',
    '.hidden',
    '../etc',
    'a/b',
    'a\\b',
    '..\\..\\windows',
    'nul\u0000byte',
    'tab\there',
    'new\nline',
    '\u007f',
    'trailing.',
    ' leading',
    'trailing ',
    'x'.repeat(101),
    'é'.repeat(100).repeat(2),
    'CON',
    'nul.txt',
    'a:b',
    'what?',
    'star*',
    '<tag>',
    'pipe|',
    'quote"',
    '%2e%2e',
    '100%',
    'Mix\u202Ewav.logicx',
    'zero\u200Bwidth',
    'c1\u0085control',
    'bom\uFEFF',
    'non\uFFFFchar',
    'isolate\u2066x\u2069',
  ])('refuses %j', (name) => {
    expect(isValidName(name)).toBe(false);
  });

  it('refuses what is not a string', () => {
    for (const v of [undefined, null, 42, {}, ['a'], true]) expect(isValidName(v)).toBe(false);
  });

  it('keeps every valid repository inside the data folder', () => {
    expect(repoDir('/data', 'community', 'MySong.logicx')).toBe('/data/community/MySong.logicx');
    for (const [ns, name] of [
      ['..', 'x'],
      ['a', '..'],
      ['a/../..', 'x'],
      ['a', '../../etc'],
      ['%2e%2e', 'x/..'],
    ]) {
      expect(() => repoDir('/data', ns!, name!)).toThrow(/namespace|name/);
    }
  });
});

describe('usernames', () => {
  it('accepts plain account names', () => {
    for (const u of ['admin', 'ana', 'bob.smith', 'mix_engineer-2'])
      expect(isValidUsername(u)).toBe(true);
  });
  it('refuses hostile ones', () => {
    for (const u of [
      '',
      '.',
      '..',
      '-x',
      'a b',
      'a/b',
      'ana\n',
      'x'.repeat(65),
      'trail.',
      '<script>',
      42,
    ]) {
      expect(isValidUsername(u), String(u)).toBe(false);
    }
  });
});
