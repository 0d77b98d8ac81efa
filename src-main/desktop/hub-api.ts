/**
 * The few hub reads the desktop app makes besides the live stream: the projects with their
 * locks, this Mac's local bundles (when it runs the hub and watches the Logic library), and the
 * sign-in of client mode, all through the shared typed client (src-shared/api/client.ts).
 */
import { createApiClient, type ApiClient, type FetchLike } from '../../src-shared/api/client.js';
import { lockRoutes } from '../../src-shared/api/locks.js';
import { metadataRoutes } from '../../src-shared/api/metadata.js';
import { repoRoutes } from '../../src-shared/api/repos.js';
import { authRoutes } from '../../src-shared/api/users.js';
import type { ProjectView } from './hub-state.js';

export interface HubApi {
  projects(): Promise<ProjectView[]>;
  /**
   * `ns/name` to the local bundle path, for projects this Mac's hub watches. With `waitReadyMs`,
   * an answer given while the library's first scan is still running is asked again until the scan
   * is done (or the time is up): right after start, "no local copy" would otherwise be wrong.
   */
  localBundles(opts?: { waitReadyMs?: number }): Promise<Map<string, string>>;
}

export function hubClient(baseUrl: string, token: string, fetch?: FetchLike): ApiClient {
  return createApiClient({ baseUrl, auth: { token }, ...(fetch ? { fetch } : {}) });
}

export function hubApi(client: ApiClient): HubApi {
  return {
    async projects() {
      const repos = await client.call(repoRoutes.list);
      return Promise.all(
        repos.map(async (r): Promise<ProjectView> => {
          const s = await client.call(lockRoutes.status, {
            params: { ns: r.namespace, name: r.name },
          });
          const lock = s.locked
            ? {
                username: s.lock.username,
                user: s.lock.user,
                machine_id: s.lock.machine_id,
                expires_at: s.lock.expires_at,
                lock_id: s.lock.lock_id,
              }
            : null;
          return { namespace: r.namespace, name: r.name, behind: false, lock };
        }),
      );
    },
    async localBundles(opts = {}) {
      const until = Date.now() + (opts.waitReadyMs ?? 0);
      let list = await client.call(metadataRoutes.localProjects);
      while (!list.ready && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 200));
        list = await client.call(metadataRoutes.localProjects);
      }
      const out = new Map<string, string>();
      for (const p of list.projects) {
        if (p.repo?.on_this_hub) out.set(`${p.repo.namespace}/${p.repo.name}`, p.path);
      }
      return out;
    },
  };
}

/** Client mode signs in once with a name and password; the token is kept like `auxin login`'s. */
export async function signIn(
  baseUrl: string,
  username: string,
  password: string,
  fetch?: FetchLike,
): Promise<{ token: string; username: string }> {
  const client = createApiClient({ baseUrl, ...(fetch ? { fetch } : {}) });
  const r = await client.call(authRoutes.login, { body: { username, password } });
  return { token: r.token, username: r.user.username };
}
