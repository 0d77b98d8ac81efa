import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCredentials, saveCredential } from '../../src-main/client/credentials.js';
import { connectToHub, hubMode, switchToOwnHub } from '../../src-main/desktop/hub-mode.js';
import { PreferenceStore } from '../../src-main/desktop/preferences.js';
import { AuxinError } from '../../src-shared/errors.js';
import { tempDir } from '../helpers/tmp.js';

const t = tempDir('auxin-hub-mode-');
afterAll(() => t.cleanup());
let n = 0;
/** A fresh preferences file and a fresh home for `auxin login`'s credentials. */
function fresh() {
  const dir = path.join(t.dir, String(++n));
  fs.mkdirSync(dir);
  const env = { HOME: dir };
  const prefs = new PreferenceStore(path.join(dir, 'preferences.json'));
  const ports = {
    signed: [] as string[],
    async signIn(url: string, username: string, password: string) {
      this.signed.push(`${username}@${url}`);
      if (password !== 'right') throw new AuxinError('UNAUTHORIZED', 'wrong username or password');
      return { token: 'auxin_tok_ben', username };
    },
    saveCredential: (url: string, token: string, username: string) =>
      void saveCredential(url, token, username, env),
  };
  return { dir, env, prefs, ports };
}

describe('connecting to a studio hub', () => {
  it('signs in once, keeps the session with the CLI, and switches to client mode', async () => {
    const f = fresh();
    const to = await connectToHub(
      f.prefs,
      { address: 'studio-mac.local', username: 'ben', password: 'right' },
      f.ports,
    );
    expect(to).toEqual({ url: 'http://studio-mac.local:3000', username: 'ben' });
    expect(f.ports.signed).toEqual(['ben@http://studio-mac.local:3000']);
    expect(loadCredentials(f.env).hubs['http://studio-mac.local:3000']?.token).toBe(
      'auxin_tok_ben',
    );
    expect(hubMode(f.prefs)).toEqual({
      mode: 'client',
      clientHub: 'http://studio-mac.local:3000',
      clientUser: 'ben',
    });
    // The next start reads the same mode.
    expect(hubMode(new PreferenceStore(path.join(f.dir, 'preferences.json'))).mode).toBe('client');
  });

  it('a refused sign-in or a bad address changes nothing', async () => {
    const f = fresh();
    await expect(
      connectToHub(f.prefs, { address: 'studio:3000', username: 'ben', password: 'no' }, f.ports),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      connectToHub(f.prefs, { address: 'ftp://studio', username: 'b', password: 'right' }, f.ports),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(f.ports.signed).toEqual(['ben@http://studio:3000']);
    expect(hubMode(f.prefs).mode).toBe('hub');
    expect(fs.existsSync(path.join(f.dir, 'preferences.json'))).toBe(false);
    expect(fs.existsSync(path.join(f.dir, '.auxin'))).toBe(false);
  });
});

describe("back to this Mac's own hub", () => {
  it('leaves client mode for the next start and keeps the saved session for the CLI', async () => {
    const f = fresh();
    await connectToHub(
      f.prefs,
      { address: 'http://192.168.1.20:3000', username: 'ben', password: 'right' },
      f.ports,
    );
    f.prefs.update({ sound: true, bundles: { 'studio/Song': '/Users/ben/Song.logicx' } });
    expect(switchToOwnHub(f.prefs)).toEqual({ mode: 'hub', left: 'http://192.168.1.20:3000' });
    const next = new PreferenceStore(path.join(f.dir, 'preferences.json')).get();
    expect(next).toMatchObject({ mode: 'hub', clientHub: null, clientUser: null, sound: true });
    // The producer's other choices and known bundles stay.
    expect(next.bundles).toEqual({ 'studio/Song': '/Users/ben/Song.logicx' });
    const creds = loadCredentials(f.env);
    expect(creds.hubs['http://192.168.1.20:3000']).toMatchObject({
      token: 'auxin_tok_ben',
      username: 'ben',
    });
    expect(creds.default).toBe('http://192.168.1.20:3000');
  });

  it('is refused with CONFLICT when the app already runs its own hub, writing nothing', () => {
    const f = fresh();
    expect(() => switchToOwnHub(f.prefs)).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }) as Error,
    );
    expect(fs.existsSync(path.join(f.dir, 'preferences.json'))).toBe(false);
  });

  it('a client mode without a hub counts as hub mode (the app starts its own hub then)', () => {
    const f = fresh();
    f.prefs.update({ mode: 'client', clientHub: null });
    expect(hubMode(f.prefs)).toEqual({ mode: 'hub', clientHub: null, clientUser: null });
    expect(() => switchToOwnHub(f.prefs)).toThrow(/already runs its own hub/);
  });
});
