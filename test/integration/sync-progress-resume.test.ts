/**
 * A push cut half-way resumes by itself, re-sending what the hub did not keep; its progress must
 * count each chunk once, or the bar runs past 100 % ("387.0 MiB/368.3 MiB").
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { ok } from '../helpers/cli.js';
import { discoverStore } from '../../src-main/client/local.js';
import { parseRemoteUrl } from '../../src-main/client/remotes.js';
import { SyncSession } from '../../src-main/client/session.js';
import { push } from '../../src-main/client/push.js';

const MiB = 1024 * 1024;

/** A TCP relay to the hub that, once, drops every connection when `cutAt` bytes went up. */
async function cutOnce(upstream: number, cutAt: number) {
  const sockets = new Set<net.Socket>();
  let up = 0;
  let cut = false;
  const server = net.createServer((client) => {
    const hub = net.connect(upstream, '127.0.0.1');
    sockets.add(client).add(hub);
    const end = () => {
      client.destroy();
      hub.destroy();
    };
    client.on('error', end).on('close', end);
    hub.on('error', end).on('close', end);
    client.on('data', (b: Buffer) => {
      up += b.length;
      hub.write(b);
      if (!cut && up >= cutAt) {
        cut = true;
        for (const s of sockets) s.destroy();
      }
    });
    hub.on('data', (b: Buffer) => client.write(b));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    wasCut: () => cut,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('progress of a push that resumed after a cut', () => {
  let work = '';
  let hub: TestHub;
  beforeAll(async () => {
    work = tempDir('auxin-progress-resume-').dir;
    hub = await startHub();
  });
  afterAll(async () => {
    await hub?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('ticks each chunk once: the bar ends at exactly 100 %', async () => {
    const dir = path.join(work, 'Resume');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'take.wav'), randomBytes(40 * MiB));
    const run = { cwd: dir, home: path.join(work, 'home') };
    await ok(['init'], run);
    await ok(['commit', '-m', 'v1'], run);

    const relay = await cutOnce(Number(new URL(hub.url).port), 12 * MiB);
    const session = new SyncSession(parseRemoteUrl(`${relay.url}/studio/Resume`), {
      token: ADMIN_TOKEN,
    });
    let total = 0;
    let done = 0;
    let most = 0;
    try {
      const r = await push(discoverStore(dir), session, {
        branch: 'main',
        progress: {
          addTotal: (n) => void (total += n),
          tick: (n) => void (most = Math.max(most, (done += n))),
        },
      });
      expect(relay.wasCut()).toBe(true);
      expect(r.retries).toBeGreaterThan(0);
      expect(total).toBeGreaterThan(39 * MiB);
      expect(most).toBeLessThanOrEqual(total);
      expect(done).toBe(total);
    } finally {
      session.close();
      await relay.close();
    }
  });
});
