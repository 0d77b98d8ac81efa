import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PreferenceStore, defaultPreferences } from '../../src-main/desktop/preferences.js';
import { tempDir } from '../helpers/tmp.js';

describe('desktop preferences', () => {
  const t = tempDir('auxin-prefs-');
  afterEach(() => fs.rmSync(path.join(t.dir, 'p'), { recursive: true, force: true }));
  const file = () => path.join(t.dir, 'p', 'preferences.json');

  it('start from the defaults: hub mode, silent, Dock icon shown, not at login', () => {
    const s = new PreferenceStore(file());
    expect(s.get()).toEqual(defaultPreferences());
    expect(s.get()).toMatchObject({
      mode: 'hub',
      sound: false,
      hideDock: false,
      openAtLogin: false,
    });
    expect(s.problem).toBeNull();
  });
  it('persist a change, readable by the next start', () => {
    new PreferenceStore(file()).update({ sound: true, hideDock: true });
    expect(new PreferenceStore(file()).get()).toMatchObject({ sound: true, hideDock: true });
    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file()))).toEqual(['preferences.json']);
  });
  it('a damaged file gives the defaults and says so, and is replaced at the next change', () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    fs.writeFileSync(file(), '{"sound": "loud"');
    const s = new PreferenceStore(file());
    expect(s.get()).toEqual(defaultPreferences());
    expect(s.problem).toMatch(/damaged/);
    s.update({ sound: true });
    expect(JSON.parse(fs.readFileSync(file(), 'utf8')).sound).toBe(true);
  });
  it('refuses a bad value without writing it', () => {
    const s = new PreferenceStore(file());
    expect(() => s.update({ mode: 'server' as never })).toThrow();
    expect(fs.existsSync(file())).toBe(false);
    expect(s.get().mode).toBe('hub');
  });
});
