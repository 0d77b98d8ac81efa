import { describe, expect, it } from 'vitest';
import { IgnoreRules } from '../../src-main/store/ignore.js';

describe('ignore rules', () => {
  const defaults = new IgnoreRules();
  it('leaves out what Logic and Finder write on the side', () => {
    expect(defaults.ignores('Autosave', true)).toBe(true);
    expect(defaults.ignores('Alternatives/000/Undo Data.nosync', true)).toBe(true);
    expect(defaults.ignores('Media/x.nosync', false)).toBe(true);
    expect(defaults.ignores('Media/.DS_Store', false)).toBe(true);
    expect(defaults.ignores('Media/Audio Files/._Take.wav', false)).toBe(true);
    expect(defaults.ignores('Alternatives/000/._ProjectData', false)).toBe(true);
    expect(defaults.ignores('Media/Audio Files/x._Take.wav', false)).toBe(false);
    expect(defaults.ignores('(A Document Being Saved By Logic Pro)', true)).toBe(true);
    expect(defaults.ignores('.auxin', true)).toBe(true);
    expect(defaults.ignores('Media/Audio Files/Take.wav', false)).toBe(false);
    expect(defaults.ignores('Alternatives/000/ProjectData', false)).toBe(false);
  });

  it('reads .auxinignore patterns: globs, anchors, folders only, negation', () => {
    const r = new IgnoreRules(
      ['# comment', '*.tmp', '/Bounces/', 'Media/**/*.peak', '!keep.tmp', 'Freeze Files/'].join(
        '\n',
      ),
    );
    expect(r.ignores('a/b/c.tmp', false)).toBe(true);
    expect(r.ignores('keep.tmp', false)).toBe(false);
    expect(r.ignores('Bounces', true)).toBe(true);
    expect(r.ignores('sub/Bounces', true)).toBe(false);
    expect(r.ignores('Bounces', false)).toBe(false);
    expect(r.ignores('Media/Audio Files/x.peak', false)).toBe(true);
    expect(r.ignores('Media/x.peak', false)).toBe(true);
    expect(r.ignores('Other/x.peak', false)).toBe(false);
    expect(r.ignores('Media/Freeze Files', true)).toBe(true);
    expect(r.ignores('# comment', false)).toBe(false);
  });
});
