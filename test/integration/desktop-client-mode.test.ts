/**
 * Client mode under the Electron stand-in: the window's connect screen calls `connectHub` with a
 * typed address; the app signs in once to a real second hub (a studio Mac's), keeps the session
 * where `auxin login` keeps it, and restarts as that hub's client: no hub of its own, the window
 * on the studio's hub, and the page handed a session that hub accepts. Then the way back: the
 * tray names the studio hub and offers "Run this Mac's own hub…" (asked first in a dialog), the
 * window's `runOwnHub` switches, and the relaunched app runs its own hub again.
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
  const prefsFile = path.join(tmp.dir, 'appdata', 'Auxin Hub Desktop', 'preferences.json');
  const prefs = () => JSON.parse(fs.readFileSync(prefsFile, 'utf8')) as Record<string, unknown>;
  const saved = () =>
    JSON.parse(fs.readFileSync(path.join(home, '.auxin', 'credentials.json'), 'utf8')) as {
      hubs: Record<string, { token: string; username?: string }>;
    };
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

  it("in client mode the tray names the studio hub; the way back is asked first, then the window's runOwnHub switches", async () => {
    fs.rmSync(path.join(tmp.dir, 'standin.jsonl'));
    // The dialog's second button: Cancel.
    const app = startDesktop(tmp.dir, { ...env(), AUXIN_STANDIN_DIALOG_RESPONSE: '1' });
    try {
      const menu = await app.waitFor(
        (r) =>
          r.call === 'Tray.setContextMenu' &&
          menuLabels(r.items).includes(`Connected to ${studio.url} as ben`),
        'tray menu naming the studio hub',
        30_000,
      );
      expect(menuLabels(menu.items)).toContain("Run this Mac's own hub…");
      expect(
        await app.send({ cmd: 'click-menu', path: ["Run this Mac's own hub…"] }),
      ).toMatchObject({ ok: true });
      const asked = await app.waitFor((r) => r.call === 'dialog.showMessageBox', 'dialog');
      expect(asked).toMatchObject({
        title: "Run this Mac's own hub?",
        buttons: ["Run this Mac's own hub", 'Cancel'],
      });
      // Cancelled: still a client, nothing relaunches.
      await new Promise((r) => setTimeout(r, 300));
      expect(app.records().some((r) => r.call === 'app.relaunch')).toBe(false);
      expect(prefs()).toMatchObject({ mode: 'client', clientHub: studio.url });

      const foreign = await app.send({
        ...invoke('runOwnHub'),
        frame: { url: `${studio.url}/`, parent: {} },
      });
      expect(foreign).toMatchObject({ ok: false });
      expect(String(foreign.error)).toMatch(/refused, not sent by the app's page/);
      expect(prefs()).toMatchObject({ mode: 'client' });

      const back = await app.send(invoke('runOwnHub'));
      expect(back).toMatchObject({ ok: true, value: { mode: 'hub', left: studio.url } });
      expect(await app.exited).toMatchObject({ code: 0 });
      expect(app.records().some((r) => r.call === 'app.relaunch')).toBe(true);
      expect(prefs()).toMatchObject({ mode: 'hub', clientHub: null, clientUser: null });
      // The session stays where `auxin login` keeps it: the CLI still reaches the studio.
      expect(saved().hubs[studio.url]).toMatchObject({ username: 'ben' });
    } finally {
      await app.kill();
    }
  });

  it('the relaunched app runs its own hub again, answering /health; it cannot switch to it twice', async () => {
    fs.rmSync(path.join(tmp.dir, 'standin.jsonl'));
    const app = startDesktop(tmp.dir, env());
    try {
      const load = await app.waitFor((r) => r.call === 'BrowserWindow.loadURL', 'window', 30_000);
      const own = String(load.url).replace(/\/$/, '');
      expect(own).not.toBe(studio.url);
      expect(app.records().some((r) => r.call === 'utilityProcess.fork')).toBe(true);
      const health = await fetch(`${own}/health`);
      expect(health.status).toBe(200);
      const menu = await app.waitFor((r) => r.call === 'Tray.setContextMenu', 'tray menu');
      const labels = menuLabels(menu.items);
      expect(labels).toContain('Pause hub');
      expect(labels).not.toContain("Run this Mac's own hub…");
      expect(labels.some((l) => l.startsWith('Connected to'))).toBe(false);
      const again = await app.send(invoke('runOwnHub'));
      expect(String(again.error)).toMatch(/^CONFLICT: /);
      expect(app.records().some((r) => r.call === 'app.relaunch')).toBe(false);
      // Client mode again, for the tray's way back below.
      const right = await app.send(
        invoke('connectHub', {
          address: studio.url,
          username: 'ben',
          password: 'ben-secret-words',
        }),
      );
      expect(right).toMatchObject({ ok: true });
      expect(await app.exited).toMatchObject({ code: 0 });
    } finally {
      await app.kill();
    }
  });

  it("the tray's item, confirmed, switches back too", async () => {
    fs.rmSync(path.join(tmp.dir, 'standin.jsonl'));
    const app = startDesktop(tmp.dir, env());
    try {
      await app.waitFor(
        (r) =>
          r.call === 'Tray.setContextMenu' &&
          menuLabels(r.items).includes("Run this Mac's own hub…"),
        'client tray menu',
        30_000,
      );
      expect(
        await app.send({ cmd: 'click-menu', path: ["Run this Mac's own hub…"] }),
      ).toMatchObject({ ok: true });
      expect(await app.exited).toMatchObject({ code: 0 });
      expect(app.records().some((r) => r.call === 'app.relaunch')).toBe(true);
      expect(prefs()).toMatchObject({ mode: 'hub', clientHub: null });
    } finally {
      await app.kill();
    }
  });
});
