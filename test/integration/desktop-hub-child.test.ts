/**
 * The desktop app's hub process (dist/src-main/desktop/hub-child.js), forked as the stand-in's
 * utilityProcess forks it: the settings of `auxin hub`, a session per run, a clean stop.
 */
import { fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startHubChild, type ChildLike } from '../../src-main/desktop/hub-link.js';
import { AuxinError } from '../../src-shared/errors.js';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { tempDir } from '../helpers/tmp.js';

const CHILD = path.join(repoRoot, 'dist/src-main/desktop/hub-child.js');
const ADMIN = 'config-file-admin-token-0123456789';

function forker(env: NodeJS.ProcessEnv) {
  const kids: ReturnType<typeof fork>[] = [];
  const make = (): ChildLike => {
    const c = fork(CHILD, [], {
      env: { ...process.env, AUXIN_LOG_LEVEL: 'silent', AUXIN_BONJOUR: '0', ...env },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    kids.push(c);
    return {
      postMessage: (m) => c.send(m),
      on: (event: string, fn: (x: unknown) => void) => c.on(event, fn),
      kill: () => c.kill('SIGKILL'),
    } as ChildLike;
  };
  return { make, kids };
}

const me = (url: string, token: string) =>
  fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });

describe('the desktop hub process', () => {
  const t = tempDir('auxin-hub-child-');
  afterAll(() => t.cleanup());

  it('honours the config file in AUXIN_DATA_DIR, hands an admin session, and stops cleanly', async () => {
    const data = path.join(t.dir, 'data');
    fs.mkdirSync(data, { recursive: true });
    fs.writeFileSync(
      path.join(data, 'config.json'),
      JSON.stringify({ host: '127.0.0.1', port: 0, adminToken: ADMIN }),
    );
    const f = forker({ AUXIN_DATA_DIR: data });
    const hub = await startHubChild(f.make);
    expect(hub).toMatchObject({ host: '127.0.0.1', dataDir: data, username: 'admin', lan: [] });
    expect((await me(hub.url, ADMIN)).status).toBe(200);
    const res = await me(hub.url, hub.token);
    expect(((await res.json()) as { user: { role: string } }).user.role).toBe('admin');
    await hub.stop();
    expect(await hub.exited).toBe(0);
    await expect(fetch(`${hub.url}/health`)).rejects.toThrow();

    // The next run's session is new, and the one before is gone, even after a crash.
    const again = await startHubChild(f.make);
    expect(again.token).not.toBe(hub.token);
    expect((await me(again.url, hub.token)).status).toBe(401);
    f.kids.at(-1)!.kill('SIGKILL');
    await again.exited;
    const third = await startHubChild(f.make);
    expect((await me(third.url, again.token)).status).toBe(401);
    expect((await me(third.url, third.token)).status).toBe(200);
    await third.stop();
  });

  it('reports a bad setting as a failed start, naming it', async () => {
    const f = forker({ AUXIN_DATA_DIR: path.join(t.dir, 'bad'), AUXIN_PORT: 'eighty' });
    await expect(startHubChild(f.make)).rejects.toThrow(/could not start: .*port 'eighty'/);
  });

  it("keeps the hub's code and details: a taken port is PORT_IN_USE, naming port and host", async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const f = forker({
        AUXIN_DATA_DIR: path.join(t.dir, 'busy'),
        AUXIN_PORT: String(port),
        AUXIN_HOST: '127.0.0.1',
      });
      const err = await startHubChild(f.make).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AuxinError);
      expect(err).toMatchObject({ code: 'PORT_IN_USE', details: { port, host: '127.0.0.1' } });
    } finally {
      taken.close();
    }
  });
});
