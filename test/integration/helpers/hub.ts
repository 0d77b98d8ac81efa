/** Start a real hub on 127.0.0.1:0 in a temporary data folder, and talk to it over HTTP. */
import * as fs from 'node:fs';
import { tempDir } from '../../helpers/tmp.js';
import { createHub, type Hub, type HubOptions } from '../../../src-main/hub/app.js';
import type { HubConfig } from '../../../src-main/hub/types.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestHub {
  hub: Hub;
  url: string;
  dataDir: string;
  /** fetch relative to the hub, with the admin token unless `token` is given (null: none). */
  req(p: string, init?: RequestInit & { token?: string | null; json?: unknown }): Promise<Response>;
  stop(): Promise<void>;
}

export async function startHub(
  opts: HubOptions & { dataDir?: string; config?: Partial<HubConfig> } = {},
): Promise<TestHub> {
  const dataDir = opts.dataDir ?? tempDir('auxin-hub-').dir;
  const hub = createHub(
    {
      dataDir,
      port: 0,
      host: '127.0.0.1',
      corsOrigins: [],
      adminToken: ADMIN_TOKEN,
      ...opts.config,
    },
    opts,
  );
  const { url } = await hub.listen();
  const req: TestHub['req'] = (p, init = {}) => {
    const { token = ADMIN_TOKEN, json, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (json !== undefined) headers.set('Content-Type', 'application/json');
    return fetch(url + p, {
      ...rest,
      headers,
      body: json !== undefined ? JSON.stringify(json) : rest.body,
    });
  };
  return {
    hub,
    url,
    dataDir,
    req,
    async stop() {
      await hub.close();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Create a user through the API and return its token. */
export async function addUser(t: TestHub, username: string, role: string): Promise<string> {
  const res = await t.req('/api/users', { method: 'POST', json: { username, role } });
  if (res.status !== 201)
    throw new Error(`add user ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
