/**
 * A studio for CLI tests: a real hub process with a known admin token, teammates (ana and ben)
 * with accounts of their own, each with a home folder of their own, and the admin's API at hand.
 * `useStudio` registers the suite's beforeAll/afterAll, so a test file starts with one line.
 */
import * as fs from 'node:fs';
import { Agent } from 'node:https';
import * as path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { httpsFetch } from '../../../src-main/client/https-fetch.js';
import type { RunOptions } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { startHubProcess, type HubProcess, type HubProcessOptions } from './hub-process.js';
import { SYNC_RUN_MS } from './sync.js';

export interface StudioOptions {
  /** The temporary folder's prefix. */
  prefix: string;
  adminToken: string;
  users?: string[];
  /** Extra `auxin hub` arguments (`--tls`). */
  hubArgs?: string[];
}

export interface Studio {
  readonly work: { dir: string };
  /** The hub's data folder. */
  readonly data: string;
  readonly hub: HubProcess;
  readonly tokens: Record<string, string>;
  /** How `user` runs `auxin` in `cwd`: their token, their home, sync-sized time; `env` on top. */
  as(user: string, cwd: string, env?: NodeJS.ProcessEnv): RunOptions;
  /** The hub's API as the admin. */
  api(p: string, init?: { method?: string; body?: string }): Promise<Response>;
  /** Stop the hub and start it again on the same data folder and port. */
  restart(opts?: HubProcessOptions): Promise<HubProcess>;
}

// The admin's set-up requests only: what they check is the hub, not its certificate (the
// client's pinning is what the TLS tests examine, through the real `auxin` command).
const setupAgent = new Agent({ rejectUnauthorized: false });

export function useStudio(opts: StudioOptions): Studio {
  const work = tempDir(opts.prefix);
  const data = path.join(work.dir, 'hub');
  const tokens: Record<string, string> = {};
  let hub: HubProcess | null = null;
  const hubEnv = { AUXIN_ADMIN_TOKEN: opts.adminToken };
  const start = (o: HubProcessOptions = {}) =>
    startHubProcess(data, { ...o, args: o.args ?? opts.hubArgs, env: { ...hubEnv, ...o.env } });

  const studio: Studio = {
    work,
    data,
    get hub() {
      if (!hub) throw new Error('the studio hub is not running');
      return hub;
    },
    tokens,
    as: (user, cwd, env) => ({
      cwd,
      token: tokens[user],
      home: path.join(work.dir, `home-${user}`),
      timeoutMs: SYNC_RUN_MS,
      ...(env ? { env } : {}),
    }),
    api(p, init = {}) {
      const url = `${studio.hub.url}${p}`;
      const headers = {
        authorization: `Bearer ${opts.adminToken}`,
        'content-type': 'application/json',
      };
      const method = init.method ?? 'GET';
      return url.startsWith('https:')
        ? httpsFetch(url, { method, headers, body: init.body }, setupAgent)
        : fetch(url, { method, headers, body: init.body ?? null });
    },
    async restart(o = {}) {
      const port = studio.hub.port;
      await studio.hub.stop();
      hub = await start({ port, ...o });
      return hub;
    },
  };

  beforeAll(async () => {
    fs.mkdirSync(data);
    hub = await start();
    for (const user of opts.users ?? ['ana', 'ben']) {
      const res = await studio.api('/api/users', {
        method: 'POST',
        body: JSON.stringify({ username: user, role: 'producer' }),
      });
      tokens[user] = ((await res.json()) as { token: string }).token;
    }
  });
  afterAll(async () => {
    await hub?.stop();
    work.cleanup();
  });
  return studio;
}
