/** A desktop app whose hub cannot start says why in a dialog and quits, instead of hanging. */
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
        expect(String(box!.content)).toMatch(new RegExp(`EADDRINUSE.*${port}`));
        expect(app.records().some((r) => r.call === 'BrowserWindow.new')).toBe(false);
      } finally {
        await app.kill();
      }
    } finally {
      taken.close();
    }
  });
});
