/**
 * Client mode under the Electron stand-in: the window's connect screen calls `connectHub` with a
 * typed address; the app signs in once to a real second hub (a studio Mac's), keeps the session
 * where `auxin login` keeps it, and restarts as that hub's client: no hub of its own, the window
 * on the studio's hub, and the page handed a session that hub accepts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { ipcChannels } from '../../src-main/desktop/ipc.js';
import { startHub, type TestHub } from './helpers/hub.js';
import { menuLabels, startDesktop } from './helpers/desktop.js';

describe("a teammate's Mac signs in to the studio's hub", () => {
  const tmp = tempDir('auxin-desktop-client-');
  const home = path.join(tmp.dir, 'home');
  let studio: TestHub;
  const env = () => ({
    HOME: home,
    AUXIN_DATA_DIR: path.join(tmp.dir, 'own-data'),
    AUXIN_PORT: '0',
    AUXIN_HOST: '127.0.0.1',
  });
  const invoke = (name: keyof typeof ipcChannels, ...args: unknown[]) => ({
    cmd: 'invoke',
    channel: ipcChannels[name].channel,
    frame: 'own',
    args,
  });

  beforeAll(async () => {
    fs.mkdirSync(home, { recursive: true });
    studio = await startHub();
    const made = await studio.req('/api/users', {
      method: 'POST',
      json: { username: 'ben', role: 'producer', password: 'ben-secret-words' },
    });
    expect(made.status).toBe(201);
  });
  afterAll(async () => {
    await studio?.stop();
    tmp.cleanup();
  });

  it('a wrong password is refused with its code; the right one saves the session and relaunches', async () => {
    const app = startDesktop(tmp.dir, env());
    try {
      await app.waitFor((r) => r.call === 'BrowserWindow.loadURL', 'window', 30_000);
      const address = studio.url.replace(/^http:\/\//, '');
      const wrong = await app.send(
        invoke('connectHub', { address, username: 'ben', password: 'not-the-password' }),
      );
      expect(wrong).toMatchObject({ ok: false });
      expect(String(wrong.error)).toMatch(/^UNAUTHORIZED: /);
      expect(app.records().some((r) => r.call === 'app.relaunch')).toBe(false);

      const right = await app.send(
        invoke('connectHub', { address, username: 'ben', password: 'ben-secret-words' }),
      );
      expect(right).toMatchObject({ ok: true, value: { url: studio.url, username: 'ben' } });
      expect(await app.exited).toMatchObject({ code: 0 });
      const calls = app.records().map((r) => r.call);
      expect(calls).toContain('app.relaunch');
      // Its own hub stopped cleanly before the app quit.
      expect(app.records().find((r) => r.call === 'utilityProcess.exit')).toMatchObject({
        code: 0,
      });
      const creds = fs.readFileSync(path.join(home, '.auxin', 'credentials.json'), 'utf8');
      expect(creds).toContain(studio.url);
      expect(creds).not.toContain('ben-secret-words');
    } finally {
      await app.kill();
    }
  });

  it('the relaunched app works against that hub: no hub of its own, the page gets a working session', async () => {
    fs.rmSync(path.join(tmp.dir, 'standin.jsonl'));
    const app = startDesktop(tmp.dir, env());
    try {
      const load = await app.waitFor((r) => r.call === 'BrowserWindow.loadURL', 'window', 30_000);
      expect(String(load.url).replace(/\/$/, '')).toBe(studio.url);
      expect(app.records().some((r) => r.call === 'utilityProcess.fork')).toBe(false);
      const session = await app.send(invoke('getSession'));
      expect(session).toMatchObject({ ok: true, value: { url: studio.url, username: 'ben' } });
      const token = (session.value as { token: string }).token;
      // What the page does with it (sign in with a token): the studio's hub knows ben by it.
      const me = await studio.req('/api/auth/session', {
        method: 'POST',
        token: null,
        json: { token },
      });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { user: { username: string } }).user.username).toBe('ben');
      const menu = await app.waitFor((r) => r.call === 'Tray.setContextMenu', 'tray menu');
      expect(menuLabels(menu.items)).not.toContain('Pause hub');
      expect(menuLabels(menu.items)).toContain('Connect to a studio hub…');
      // The tray's item opens the window on the page's connect screen.
      const since = app.records().length;
      expect(
        await app.send({ cmd: 'click-menu', path: ['Connect to a studio hub…'] }),
      ).toMatchObject({ ok: true });
      const connect = await app.waitFor(
        (r) => r.call === 'BrowserWindow.loadURL',
        'connect screen',
        10_000,
        since,
      );
      expect(connect.url).toBe(`${studio.url}/#/connect`);
      await app.send({ cmd: 'quit' });
      expect(await app.exited).toMatchObject({ code: 0 });
    } finally {
      await app.kill();
    }
  });
});
