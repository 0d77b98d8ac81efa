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

  it("a port taken under AUXIN_PORT: says so in the app's words (no --port), keeps PORT_IN_USE, exits 1", async () => {
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
        const text = String(box!.content);
        expect(text).toMatch(new RegExp(`Port ${port} on 127\\.0\\.0\\.1 is already in use`));
        expect(text).toContain('PORT_IN_USE');
        expect(text).toContain(`AUXIN_PORT=${port}`);
        expect(text).not.toContain('--port');
        expect(app.records().some((r) => r.call === 'BrowserWindow.new')).toBe(false);
      } finally {
        await app.kill();
      }
    } finally {
      taken.close();
    }
  });

  it('a port taken by the config file: "Use port N" keeps N in the preferences and the next start listens on it', async () => {
    const dir = path.join(tmp.dir, 'config-port');
    const data = path.join(dir, 'data');
    fs.mkdirSync(data, { recursive: true });
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    fs.writeFileSync(path.join(data, 'config.json'), JSON.stringify({ port }));
    const env = { HOME: path.join(dir, 'home'), AUXIN_DATA_DIR: data, AUXIN_HOST: '127.0.0.1' };
    try {
      const first = startDesktop(dir, { ...env, AUXIN_STANDIN_DIALOG_RESPONSE: '1' });
      let chosen = 0;
      try {
        expect(await first.exited).toMatchObject({ code: 0 });
        const box = first.records().find((r) => r.call === 'dialog.showMessageBox')!;
        expect(box).toMatchObject({ title: 'Auxin Hub could not start' });
        expect(String(box.detail)).toContain('PORT_IN_USE');
        expect(String(box.detail)).not.toContain('--port');
        const button = (box.buttons as string[])[1]!;
        chosen = Number(/^Use port (\d+)$/.exec(button)?.[1]);
        expect(chosen).toBeGreaterThan(0);
        expect(chosen).not.toBe(port);
        expect(first.records().some((r) => r.call === 'app.relaunch')).toBe(true);
        const prefs = JSON.parse(
          fs.readFileSync(
            path.join(dir, 'appdata', 'Auxin Hub Desktop', 'preferences.json'),
            'utf8',
          ),
        ) as { hubPort: number };
        expect(prefs.hubPort).toBe(chosen);
      } finally {
        await first.kill();
      }
      // The relaunch: same preferences, same config file; the app's choice wins over the file.
      fs.rmSync(path.join(dir, 'standin.jsonl'));
      const second = startDesktop(dir, env);
      try {
        const load = await second.waitFor(
          (r) => r.call === 'BrowserWindow.loadURL',
          'window',
          30_000,
        );
        expect(String(load.url)).toBe(`http://127.0.0.1:${chosen}`);
        await second.send({ cmd: 'quit' });
        expect(await second.exited).toMatchObject({ code: 0 });
      } finally {
        await second.kill();
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
