/**
 * Starting badly: a hub that cannot start is reported in a dialog and the app quits instead of
 * hanging; a quit while the hub still starts stops that hub too, instead of orphaning it.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { startDesktop } from './helpers/desktop.js';

describe('the desktop app when its hub cannot start', () => {
  const tmp = tempDir('auxin-desktop-fail-');
  afterAll(() => tmp.cleanup());

  it('shows the reason (the port is taken) and exits 1', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const app = startDesktop(tmp.dir, {
        HOME: path.join(tmp.dir, 'home'),
        AUXIN_DATA_DIR: path.join(tmp.dir, 'data'),
        AUXIN_PORT: String(port),
        AUXIN_HOST: '127.0.0.1',
      });
      try {
        const exit = await Promise.race([
          app.exited,
          new Promise((_r, fail) => setTimeout(() => fail(new Error('no exit in 30 s')), 30_000)),
        ]);
        expect(exit).toMatchObject({ code: 1 });
        const box = app.records().find((r) => r.call === 'dialog.showErrorBox');
        expect(box).toMatchObject({ title: 'Auxin Hub could not start' });
        // The hub's own words for a busy port (PORT_IN_USE), naming it.
        expect(String(box!.content)).toMatch(new RegExp(`port ${port} .*already in use`));
        expect(app.records().some((r) => r.call === 'BrowserWindow.new')).toBe(false);
      } finally {
        await app.kill();
      }
    } finally {
      taken.close();
    }
  });

  it('a quit while the hub still starts waits for it and stops it', async () => {
    const dir = path.join(tmp.dir, 'quit-early');
    fs.mkdirSync(dir);
    const app = startDesktop(dir, {
      HOME: path.join(tmp.dir, 'home2'),
      AUXIN_DATA_DIR: path.join(tmp.dir, 'data2'),
      AUXIN_PORT: '0',
      AUXIN_HOST: '127.0.0.1',
    });
    try {
      await app.waitFor((r) => r.call === 'utilityProcess.fork', 'hub fork');
      await app.send({ cmd: 'quit' });
      const exit = await app.exited;
      expect(exit.code).toBe(0);
      const calls = app.records().map((r) => r.call);
      const hubExit = calls.indexOf('utilityProcess.exit');
      expect(hubExit).toBeGreaterThan(-1);
      expect(app.records()[hubExit]).toMatchObject({ code: 0 });
      expect(calls.indexOf('app.exited')).toBeGreaterThan(hubExit);
      expect(app.stderr()).not.toMatch(/ERR_IPC_CHANNEL_CLOSED|Unhandled/);
    } finally {
      await app.kill();
    }
  });
});
