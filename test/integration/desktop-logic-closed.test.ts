/**
 * Lock & Open followed in Logic Pro, under the Electron stand-in against the app's real hub:
 * a fake probe (AUXIN_LOGIC_PROBE, printing what the AppleScript would) says which bundles Logic
 * has open. Closing the project offers "Commit, push and release" with the message from the
 * diff (notification + tray), reopening withdraws the offer, and the notification's button
 * pushes and releases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auxin } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';
import { ipcChannels } from '../../src-main/desktop/ipc.js';
import { menuLabels, startDesktop, type DesktopProcess, type Rec } from './helpers/desktop.js';

const ADMIN = 'desktop-admin-token-logic-0123456789';
const CLOSED = 'Song is closed in Logic Pro';

describe('the desktop app follows Lock & Open projects in Logic Pro', () => {
  const tmp = tempDir('auxin-desktop-logic-');
  const library = path.join(tmp.dir, 'Music', 'Logic');
  const mine = path.join(library, 'Song.logicx');
  const home = path.join(tmp.dir, 'home');
  const openList = path.join(tmp.dir, 'logic-open.txt');
  const song = { namespace: 'studio', name: 'Song' };
  let app: DesktopProcess;
  let url = '';

  const logicHas = (open: boolean) =>
    fs.writeFileSync(openList, open ? `path:${mine}/\n` : 'not-running\n');
  const ok = async (args: string[], cwd: string) => {
    const r = await auxin(args, { cwd, home, token: ADMIN });
    expect(r.code, `auxin ${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const locked = async () =>
    (
      (await (
        await fetch(`${url}/api/repos/studio/Song/locks/status`, {
          headers: { authorization: `Bearer ${ADMIN}` },
        })
      ).json()) as { locked: boolean }
    ).locked;
  const shown = (title: string) => (r: Rec) => r.call === 'Notification.show' && r.title === title;

  beforeAll(async () => {
    fs.mkdirSync(library, { recursive: true });
    fs.mkdirSync(home, { recursive: true });
    fs.cpSync(mitBundle('F0_baseline'), mine, { recursive: true });
    const probe = path.join(tmp.dir, 'fake-logic.sh');
    fs.writeFileSync(probe, `#!/bin/sh\ncat '${openList}'\n`, { mode: 0o755 });
    logicHas(false);
    app = startDesktop(tmp.dir, {
      HOME: home,
      AUXIN_DATA_DIR: path.join(tmp.dir, 'data'),
      AUXIN_PORT: '0',
      AUXIN_HOST: '127.0.0.1',
      AUXIN_ADMIN_TOKEN: ADMIN,
      AUXIN_WATCH: library,
      AUXIN_LOGIC_PROBE: probe,
      AUXIN_LOGIC_POLL_MS: '100',
    });
    const load = await app.waitFor((r) => r.call === 'BrowserWindow.loadURL', 'window');
    url = String(load.url).replace(/\/$/, '');
    const created = await fetch(`${url}/api/repos/studio/Song`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(created.status).toBe(201);
    await ok(['init'], mine);
    await ok(['remote', 'add', 'origin', `${url}/studio/Song`], mine);
    await ok(['commit', '-m', 'first mix'], mine);
    await ok(['push'], mine);
  }, 90_000);

  afterAll(async () => {
    await app?.kill();
    tmp.cleanup();
  });

  it('open in Logic: no offer; closed: the offer with the diff message, in a notification and the tray', async () => {
    logicHas(true);
    const res = await app.send(
      { cmd: 'invoke', channel: ipcChannels.lockAndOpen.channel, frame: 'own', args: [song] },
      30_000,
    );
    expect(res).toMatchObject({ ok: true, value: { bundle: mine } });
    fs.writeFileSync(path.join(mine, 'Resources', 'late-take.txt'), 'a late take');
    // Ten readings with Logic holding it open: nothing to offer.
    await new Promise((r) => setTimeout(r, 1000));
    expect(app.records().some(shown(CLOSED))).toBe(false);
    expect(await locked()).toBe(true);

    const since = app.records().length;
    logicHas(false);
    const note = await app.waitFor(shown(CLOSED), 'closed notification', 20_000, since);
    expect(note.body).toBe(
      'Commit, push and release it as "1 file changed"? Your lock is no longer renewed.',
    );
    expect(note.actions).toEqual([{ type: 'button', text: 'Commit, push and release' }]);
    // Its click opens the window's "Commit, push and release", where the message can be edited.
    const before = app.records().length;
    expect(await app.send({ cmd: 'click-notification', index: note.index })).toMatchObject({
      ok: true,
    });
    const load = await app.waitFor(
      (r) => r.call === 'BrowserWindow.loadURL',
      'finish screen',
      10_000,
      before,
    );
    expect(load.url).toBe(`${url}/#/finish/studio/Song`);
    const menu = await app.waitFor(
      (r) =>
        r.call === 'Tray.setContextMenu' &&
        menuLabels(r.items).some((l) => l.endsWith('· closed in Logic')),
      'tray marks it closed',
      20_000,
      since,
    );
    expect(menuLabels(menu.items)).toContain(
      `${menuLabels(menu.items).find((l) => l.endsWith('· closed in Logic'))} > Commit, push and release…`,
    );
  });

  it('opened again in Logic: the offer is withdrawn; closed again: offered again', async () => {
    let since = app.records().length;
    logicHas(true);
    await app.waitFor(
      (r) => r.call === 'Notification.close' && r.title === CLOSED,
      'offer withdrawn',
      20_000,
      since,
    );
    since = app.records().length;
    logicHas(false);
    await app.waitFor(shown(CLOSED), 'offered again', 20_000, since);
  });

  it("the notification's button commits with that message, pushes, then releases", async () => {
    const note = app.records().filter(shown(CLOSED)).at(-1)!;
    expect(
      await app.send({ cmd: 'click-notification', index: note.index, action: true }),
    ).toMatchObject({ ok: true });
    const deadline = Date.now() + 30_000;
    while ((await locked()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await locked()).toBe(false);
    const copy = path.join(tmp.dir, 'check', 'Song.logicx');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    await ok(['clone', `${url}/studio/Song`, copy], path.dirname(copy));
    expect(fs.readFileSync(path.join(copy, 'Resources', 'late-take.txt'), 'utf8')).toBe(
      'a late take',
    );
    expect((await ok(['log'], copy)).stdout).toContain('1 file changed');
    // Released: the project is no longer followed, so a close says nothing more.
    const since = app.records().length;
    logicHas(true);
    await new Promise((r) => setTimeout(r, 500));
    logicHas(false);
    await new Promise((r) => setTimeout(r, 800));
    expect(app.records().slice(since).some(shown(CLOSED))).toBe(false);
  });
});
