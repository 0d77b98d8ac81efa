/**
 * The few hub reads the desktop app makes besides the live stream: the projects with their
 * locks, this Mac's local bundles (when it runs the hub and watches the Logic library), and the
 * sign-in of client mode. A narrow port over fetch until the typed client (src-shared/api/client.ts)
 * lands; then these become `client.call(repoRoutes.list)` and friends.
 */
import { z } from 'zod';
import { REPOS_PATH, RepoSchema, repoUrlPath } from '../../src-shared/api/repos.js';
import { LockStatusSchema } from '../../src-shared/api/locks.js';
import { LOCAL_PROJECTS_PATH, LocalProjectSchema } from '../../src-shared/api/metadata.js';
import { LOGIN_PATH } from '../../src-shared/api/users.js';
import { decodeError } from '../client/http.js';
import type { ProjectView } from './hub-state.js';

export interface HubApi {
  projects(): Promise<ProjectView[]>;
  /** `ns/name` to the local bundle path, for projects this Mac's hub watches. */
  localBundles(): Promise<Map<string, string>>;
}

export function hubApi(baseUrl: string, token: string, doFetch: typeof fetch = fetch): HubApi {
  const get = async <T>(path: string, schema: z.ZodType<T>): Promise<T> => {
    const res = await doFetch(new URL(path, baseUrl), {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw await decodeError(res);
    return schema.parse(await res.json());
  };
  return {
    async projects() {
      const repos = await get(REPOS_PATH, z.array(RepoSchema));
      return Promise.all(
        repos.map(async (r) => {
          const s = await get(`${repoUrlPath(r.namespace, r.name)}/locks/status`, LockStatusSchema);
          return {
            namespace: r.namespace,
            name: r.name,
            behind: false,
            lock: s.locked
              ? {
                  username: s.lock.username,
                  user: s.lock.user,
                  machine_id: s.lock.machine_id,
                  expires_at: s.lock.expires_at,
                  lock_id: s.lock.lock_id,
                }
              : null,
          };
        }),
      );
    },
    async localBundles() {
      const list = await get(
        LOCAL_PROJECTS_PATH,
        z.object({ projects: z.array(LocalProjectSchema) }).passthrough(),
      );
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
  doFetch: typeof fetch = fetch,
): Promise<{ token: string; username: string }> {
  const res = await doFetch(new URL(LOGIN_PATH, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw await decodeError(res);
  const body = z
    .object({ token: z.string(), user: z.object({ username: z.string() }) })
    .parse(await res.json());
  return { token: body.token, username: body.user.username };
}
