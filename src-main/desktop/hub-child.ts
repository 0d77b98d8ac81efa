/**
 * The entry of the desktop app's hub process (Electron utilityProcess, or a Node fork in tests):
 * the same settings as `auxin hub` (AUXIN_DATA_DIR, AUXIN_PORT, AUXIN_HOST, AUXIN_ADMIN_TOKEN,
 * the config file; by default the platform's app-data folder), one admin session for the app's
 * window held only in memory and revoked when the hub stops, and the same clean stop as SIGTERM.
 */
import { hostname, networkInterfaces } from 'node:os';
import { createHub, type Hub } from '../hub/app.js';
import { loadConfig } from '../hub/config.js';
import { AuxinError } from '../../src-shared/errors.js';
import type { ChildMessage, ParentMessage } from './hub-link.js';

/** Electron's `process.parentPort` in a utilityProcess; the IPC channel of a Node fork otherwise. */
interface ParentPortLike {
  postMessage(m: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

function parentPort(): { post(m: ChildMessage): void; on(fn: (m: ParentMessage) => void): void } {
  const electronPort = (process as { parentPort?: ParentPortLike }).parentPort;
  if (electronPort) {
    return {
      post: (m) => electronPort.postMessage(m),
      on: (fn) => electronPort.on('message', (e) => fn(e.data as ParentMessage)),
    };
  }
  if (!process.send) throw new Error('hub-child runs as a child process of the desktop app');
  return {
    // With a callback, a parent already gone is an ignored error, not an 'error' event crash.
    post: (m) => {
      if (process.connected) process.send!(m, () => {});
    },
    on: (fn) => process.on('message', (m) => fn(m as ParentMessage)),
  };
}

export const SESSION_LABEL = 'desktop-app session';

function lanAddresses(host: string, port: number): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [];
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => `http://${a!.address}:${port}`);
}

async function main(): Promise<void> {
  const parent = parentPort();
  // The app may quit (or die) while the hub is still starting: the hub must stop all the same.
  let stopRequested = false;
  let stop: () => Promise<void> = async () => {
    stopRequested = true;
  };
  parent.on((m) => {
    if (m?.type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  process.on('SIGTERM', () => void stop());
  let hub: Hub;
  let session: { token: string; token_id: string };
  let stopAdvertising: (() => Promise<void>) | null = null;
  try {
    hub = createHub(loadConfig({}, process.env));
    const { url, host, port } = await hub.listen();
    // A session an earlier run could not revoke (it crashed) goes now: tokens are per run.
    for (const t of hub.accounts.tokens('admin')) {
      if (t.label === SESSION_LABEL) await hub.accounts.revokeToken('admin', t.id);
    }
    session = await hub.accounts.issueToken('admin', SESSION_LABEL);
    const lan = lanAddresses(host, port);
    if (lan.length && process.env.AUXIN_BONJOUR !== '0') {
      // Sharing on the LAN: teammates' apps find the hub by Bonjour.
      const { advertiseHub } = await import('./bonjour.js');
      stopAdvertising = advertiseHub(`Auxin Hub on ${hostname()}`, port, '1');
    }
    parent.post({
      type: 'ready',
      url,
      host,
      port,
      dataDir: hub.context.config.dataDir,
      username: 'admin',
      token: session.token,
      lan,
      firstStart: hub.firstStart !== null,
    });
  } catch (e) {
    parent.post({
      type: 'failed',
      code: e instanceof AuxinError ? e.code : 'INTERNAL',
      message: (e as Error).message,
      ...(e instanceof AuxinError ? { details: e.details } : {}),
    });
    process.exit(1);
  }
  let stopping = false;
  stop = async () => {
    if (stopping) return;
    stopping = true;
    hub.context.logger.info('desktop app quits: shutting down');
    try {
      await stopAdvertising?.();
      await hub.accounts.revokeToken('admin', session.token_id).catch(() => {});
      await hub.close();
      parent.post({ type: 'stopped' });
      process.exit(0);
    } catch (e) {
      process.stderr.write(`auxin: shutdown failed: ${(e as Error).message}\n`);
      process.exit(1);
    }
  };
  if (stopRequested) await stop();
}

void main();
