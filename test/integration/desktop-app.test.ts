/**
 * The built desktop main process, run by Node under the Electron stand-in, against its own real
 * hub (in a forked utility process) and a real second client: the `auxin` CLI as teammate ana.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin as runAuxin, type RunResult } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';
import { ipcChannels } from '../../src-main/desktop/ipc.js';
import { menuLabels, startDesktop, type DesktopProcess, type Rec } from './helpers/desktop.js';

const ADMIN = 'desktop-admin-token-0123456789abcdef';

describe('the desktop app under the Electron stand-in', () => {
  const tmp = tempDir('auxin-desktop-');
  const data = path.join(tmp.dir, 'data');
  const library = path.join(tmp.dir, 'Music', 'Logic');
  const mine = path.join(library, 'Song.logicx');
  const anaCopy = path.join(tmp.dir, 'ana', 'Song.logicx');
  const home = path.join(tmp.dir, 'home');
  let app: DesktopProcess;
  let url = '';
  let anaToken = '';

  const api = (p: string, init: RequestInit & { json?: unknown; token?: string } = {}) =>
    fetch(url + p, {
      ...init,
      headers: {
        authorization: `Bearer ${init.token ?? ADMIN}`,
        ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
  const as = (who: 'admin' | 'ana', args: string[], cwd: string): Promise<RunResult> =>
    runAuxin(args, {
      cwd,
      home,
      token: who === 'admin' ? ADMIN : anaToken,
      env: { AUXIN_MACHINE_ID: `${who}-mac` },
    });
  const ok = async (who: 'admin' | 'ana', args: string[], cwd: string) => {
    const r = await as(who, args, cwd);
    expect(r.code, `auxin ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const lastMenu = (since = 0) =>
    menuLabels(
      app
        .records()
        .slice(since)
        .filter((r) => r.call === 'Tray.setContextMenu')
        .at(-1)?.items,
    );
  const menuHas =
    (prefix: string, since = 0) =>
    (r: Rec) =>
      r.call === 'Tray.setContextMenu' &&
      menuLabels(r.items).some((l) => l.startsWith(prefix)) &&
      since >= 0;

  beforeAll(async () => {
    fs.mkdirSync(library, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    fs.cpSync(mitBundle('F0_baseline'), mine, { recursive: true });
    app = startDesktop(tmp.dir, {
      HOME: home,
      AUXIN_DATA_DIR: data,
      AUXIN_PORT: '0',
      AUXIN_HOST: '127.0.0.1',
      AUXIN_ADMIN_TOKEN: ADMIN,
      AUXIN_WATCH: library,
      AUXIN_MACHINE_ID: 'admin-mac',
      AUXIN_LOGIC_POLL_MS: '200',
    });
    const load = await app.waitFor((r) => r.call === 'BrowserWindow.loadURL', 'window');
    url = String(load.url).replace(/\/$/, '');
    const res = await api('/api/users', {
      method: 'POST',
      json: { username: 'ana', role: 'producer' },
    });
    expect(res.status).toBe(201);
    anaToken = ((await res.json()) as { token: string }).token;
    expect((await api('/api/repos/studio/Song', { method: 'POST', json: {} })).status).toBe(201);
    // The studio Mac's copy: in the watched library, pushed once; ana clones it.
    await ok('admin', ['init'], mine);
    await ok('admin', ['remote', 'add', 'origin', `${url}/studio/Song`], mine);
    await ok('admin', ['commit', '-m', 'first mix'], mine);
    await ok('admin', ['push'], mine);
    fs.mkdirSync(path.dirname(anaCopy), { recursive: true });
    await ok('ana', ['clone', `${url}/studio/Song`, anaCopy], path.dirname(anaCopy));
  }, 90_000);

  afterAll(async () => {
    await app?.kill();
    tmp.cleanup();
  });

  it('starts its hub in a utility process with the settings of `auxin hub`, and a locked-down window', async () => {
    const records = app.records();
    const fork = records.find((r) => r.call === 'utilityProcess.fork')!;
    expect(fork.modulePath).toMatch(/dist\/src-main\/desktop\/hub-child\.js$/);
    expect(fork.execArgv).toEqual(['--single-threaded-gc', '--max-semi-space-size=1']);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fs.existsSync(path.join(data, '.hub'))).toBe(true);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const win = records.find((r) => r.call === 'BrowserWindow.new')!;
    expect(win.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
    expect(String((win.webPreferences as { preload: string }).preload)).toMatch(/preload\.cjs$/);
    expect(records.filter((r) => r.call === 'ipcMain.handle').map((r) => r.channel)).toEqual(
      Object.values(ipcChannels).map((c) => c.channel),
    );
    expect(records.some((r) => r.call === 'app.requestSingleInstanceLock')).toBe(true);
    expect(records.some((r) => r.call === 'session.setPermissionRequestHandler')).toBe(true);
    await app.waitFor(
      (r) => r.call === 'Tray.setImage' && String(r.image).endsWith('freeTemplate.png'),
      'free tray',
    );
    const img = app
      .records()
      .find((r) => r.call === 'Tray.setImage' && String(r.image).endsWith('freeTemplate.png'))!;
    expect(img).toMatchObject({ template: true, missing: false });
  });

  it("a teammate's lock shows a notification naming her and the project, and the tray menu entry", async () => {
    const since = app.records().length;
    await ok('ana', ['lock', 'acquire', '--ttl', '2h'], anaCopy);
    const note = await app.waitFor(
      (r) => r.call === 'Notification.show' && r.title === 'ana locked Song',
      'lock notification',
      20_000,
      since,
    );
    expect(note).toMatchObject({ silent: true });
    expect(String(note.body)).toMatch(/^Locked on ana-mac until \d\d:\d\d\.$/);
    await app.waitFor(menuHas('Song: locked by ana, 1 h 59 min left'), 'tray entry', 20_000, since);
    await app.waitFor(
      (r) => r.call === 'Tray.setImage' && String(r.image).endsWith('teammateTemplate.png'),
      'teammate icon',
      20_000,
      since,
    );
    expect(lastMenu()).toContain('Song: locked by ana, 1 h 59 min left > Lock & Open');
  });

  it("a teammate's push of a project this Mac has becomes a notification too (after the burst window)", async () => {
    const since = app.records().length;
    fs.writeFileSync(path.join(anaCopy, 'Resources', 'ana-take.txt'), 'ana was here');
    await ok('ana', ['commit', '-m', 'ana: vocal comp'], anaCopy);
    await ok('ana', ['push'], anaCopy);
    await ok('ana', ['lock', 'release'], anaCopy);
    // The lock note is withdrawn: it is no longer true.
    await app.waitFor(
      (r) => r.call === 'Notification.close' && r.title === 'ana locked Song',
      'withdrawal',
      20_000,
      since,
    );
    const summary = await app.waitFor(
      (r) => r.call === 'Notification.show',
      'push note',
      20_000,
      since,
    );
    expect(String(summary.title) + String(summary.body)).toMatch(/ana pushed Song/);
    await app.waitFor(menuHas('Song: free · new version'), 'behind entry', 20_000, since);
  });

  it('Lock & Open from the tray pulls the new version first, locks, and opens the bundle', async () => {
    const since = app.records().length;
    const click = await app.send({ cmd: 'click-menu', path: ['Song: free', 'Lock & Open'] });
    expect(click).toMatchObject({ ok: true });
    const open = await app.waitFor((r) => r.call === 'shell.openPath', 'openPath', 30_000, since);
    expect(open.path).toBe(mine);
    expect(fs.readFileSync(path.join(mine, 'Resources', 'ana-take.txt'), 'utf8')).toBe(
      'ana was here',
    );
    const status = (await (await api('/api/repos/studio/Song/locks/status')).json()) as {
      locked: boolean;
      lock: { username: string };
    };
    expect(status).toMatchObject({ locked: true, lock: { username: 'admin' } });
    // Not a Mac: the app cannot ask Logic what it has open, so it renews while it runs, and says so.
    await app.waitFor(
      (r) =>
        r.call === 'Tray.setContextMenu' &&
        menuLabels(r.items).some((l) =>
          l.endsWith('> Renewed while Auxin runs (cannot see Logic)'),
        ),
      'detection unavailable in the tray',
      20_000,
      since,
    );
    await app.waitFor(
      (r) => r.call === 'Tray.setImage' && String(r.image).endsWith('mineTemplate.png'),
      'mine icon',
      20_000,
      since,
    );
    // Release from the tray gives it back.
    expect(
      await app.send({ cmd: 'click-menu', path: ['Song: locked by you', 'Release'] }),
    ).toMatchObject({ ok: true });
    await app.waitFor(menuHas('Song: free'), 'free again', 20_000, app.records().length - 1);
    expect(
      ((await (await api('/api/repos/studio/Song/locks/status')).json()) as { locked: boolean })
        .locked,
    ).toBe(false);
  });

  it('"Commit, push and release" from the window: a prefilled message, then the lock goes only after the push', async () => {
    const song = { namespace: 'studio', name: 'Song' };
    const invoke = (name: keyof typeof ipcChannels, ...args: unknown[]) =>
      app.send({ cmd: 'invoke', channel: ipcChannels[name].channel, frame: 'own', args }, 30_000);
    expect(await invoke('lockAndOpen', song)).toMatchObject({ ok: true, value: { bundle: mine } });
    fs.writeFileSync(path.join(mine, 'Resources', 'admin-mix.txt'), 'final mix notes');
    const suggested = await invoke('suggestMessage', song);
    expect(suggested).toMatchObject({ ok: true, value: '1 file changed' });
    expect(await invoke('finishSession', song, { message: 'final mix notes' })).toMatchObject({
      ok: true,
    });
    const status = (await (await api('/api/repos/studio/Song/locks/status')).json()) as {
      locked: boolean;
    };
    expect(status.locked).toBe(false);
    await ok('ana', ['pull'], anaCopy);
    expect(fs.readFileSync(path.join(anaCopy, 'Resources', 'admin-mix.txt'), 'utf8')).toBe(
      'final mix notes',
    );
    expect((await ok('ana', ['log'], anaCopy)).stdout).toContain('final mix notes');
  });

  it('IPC from a foreign frame is refused; the own page gets a working session', async () => {
    const channel = ipcChannels.getSession.channel;
    const evil = await app.send({
      cmd: 'invoke',
      channel,
      frame: { url: 'https://evil.example/', parent: null },
    });
    expect(evil).toMatchObject({ ok: false });
    expect(String(evil.error)).toMatch(/not sent by the app's page/);
    const framed = await app.send({
      cmd: 'invoke',
      channel,
      frame: { url: `${url}/`, parent: { url } },
    });
    expect(framed).toMatchObject({ ok: false });
    const bad = await app.send({
      cmd: 'invoke',
      channel: ipcChannels.release.channel,
      frame: 'own',
      args: [{ namespace: 'studio', name: '../x' }],
    });
    expect(String(bad.error)).toMatch(/bad arguments/);
    const mineSession = await app.send({ cmd: 'invoke', channel, frame: 'own' });
    expect(mineSession).toMatchObject({ ok: true, value: { url, username: 'admin' } });
    const token = (mineSession.value as { token: string }).token;
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe('admin');
  });

  it('prevents navigation off the app origin, denies window.open, refuses permissions', async () => {
    expect(await app.send({ cmd: 'navigate', url: 'https://evil.example/' })).toMatchObject({
      prevented: true,
    });
    expect(await app.send({ cmd: 'navigate', url: `${url}/#/locks` })).toMatchObject({
      prevented: false,
    });
    const since = app.records().length;
    expect(await app.send({ cmd: 'window-open', url: 'https://example.com/help' })).toMatchObject({
      result: { action: 'deny' },
    });
    expect(await app.send({ cmd: 'window-open', url: 'file:///etc/passwd' })).toMatchObject({
      result: { action: 'deny' },
    });
    const opened = app
      .records()
      .slice(since)
      .filter((r) => r.call === 'shell.openExternal');
    expect(opened.map((r) => r.url)).toEqual(['https://example.com/help']);
    expect(await app.send({ cmd: 'permission', permission: 'media' })).toMatchObject({
      granted: false,
    });
  });

  it('clicking a notification opens its project in the window', async () => {
    const shown = app.records().filter((r) => r.call === 'Notification.show');
    const index = shown.find((r) => r.title === 'ana locked Song')!.index as number;
    const since = app.records().length;
    expect(await app.send({ cmd: 'click-notification', index })).toMatchObject({ ok: true });
    const load = await app.waitFor(
      (r) => r.call === 'BrowserWindow.loadURL',
      'loadURL',
      10_000,
      since,
    );
    expect(load.url).toBe(`${url}/projects/studio/Song`);
  });

  it('preferences from the window persist and reach the login item', async () => {
    const since = app.records().length;
    const set = await app.send({
      cmd: 'invoke',
      channel: ipcChannels.setPreferences.channel,
      frame: 'own',
      args: [{ openAtLogin: true, sound: true }],
    });
    expect(set).toMatchObject({ ok: true, value: { openAtLogin: true, sound: true } });
    await app.waitFor(
      (r) =>
        r.call === 'app.setLoginItemSettings' &&
        (r.settings as { openAtLogin: boolean }).openAtLogin,
      'login item',
      10_000,
      since,
    );
    const file = path.join(tmp.dir, 'appdata', 'Auxin Hub Desktop', 'preferences.json');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      openAtLogin: true,
      sound: true,
    });
  });

  it('Pause hub stops the hub process and Resume starts it again with a new session', async () => {
    let since = app.records().length;
    expect(await app.send({ cmd: 'click-menu', path: ['Pause hub'] })).toMatchObject({ ok: true });
    await app.waitFor((r) => r.call === 'utilityProcess.exit', 'hub exit', 20_000, since);
    await app.waitFor(menuHas('Resume hub'), 'Resume hub', 10_000, since);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    since = app.records().length;
    expect(await app.send({ cmd: 'click-menu', path: ['Resume hub'] })).toMatchObject({ ok: true });
    await app.waitFor((r) => r.call === 'utilityProcess.fork', 'hub fork', 20_000, since);
    await app.waitFor(
      (r) => r.call === 'Tray.setImage' && String(r.image).endsWith('freeTemplate.png'),
      'free tray after resume',
      20_000,
      since,
    );
    const session = await app.send({
      cmd: 'invoke',
      channel: ipcChannels.getSession.channel,
      frame: 'own',
    });
    const resumed = session.value as { url: string; token: string };
    const me = await fetch(`${resumed.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${resumed.token}` },
    });
    expect(me.status).toBe(200);
    url = resumed.url;
    // The window follows the hub to its new address.
    await app.waitFor(
      (r) => r.call === 'BrowserWindow.loadURL' && r.url === url,
      'reload',
      10_000,
      since,
    );
  });

  it('closing the window keeps the app and its hub; quitting stops the hub, then the app', async () => {
    expect(await app.send({ cmd: 'close-windows' })).toMatchObject({ ok: true, windows: 0 });
    await new Promise((r) => setTimeout(r, 300));
    expect(app.child.exitCode).toBeNull();
    expect((await fetch(`${url}/health`)).status).toBe(200);
    await app.send({ cmd: 'quit' });
    const exit = await app.exited;
    expect(exit.code).toBe(0);
    const recs = app.records();
    const hubExit = recs.map((r) => r.call).lastIndexOf('utilityProcess.exit');
    expect(recs[hubExit]).toMatchObject({ code: 0 });
    // The hub stopped before the app quit for good.
    expect(recs.findIndex((r) => r.call === 'app.exited')).toBeGreaterThan(hubExit);
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    // The window's session was revoked with the hub: no token of it is left on disk.
    const users = fs.readFileSync(path.join(data, '.hub', 'users.json'), 'utf8');
    expect(users).not.toContain('desktop-app session');
    expect(users).toContain('"label"');
  });
});
