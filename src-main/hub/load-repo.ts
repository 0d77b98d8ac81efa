/**
 * Repository routes (`/api/repos/:ns/:name/...`) start with `loadRepo(h)`: it validates both
 * names, loads the RepoInfo into `ctx.state.repo`, checks access, and checks that neither
 * `<data>/<ns>` nor the repository's folder is a symlink. A repository the caller may not read
 * answers 404 like a missing one, so private names do not leak.
 */
import type { Context, Next } from 'koa';
import { AuxinError } from '../../src-shared/errors.js';
import { currentUser } from './auth.js';
import { canAdminRepo, canRead, canWrite } from './policy.js';
import { assertName, assertNoSymlinks } from './repo-paths.js';
import type { HubContext, RepoInfo } from './types.js';

export type RepoAccess = 'read' | 'write' | 'admin';

/** `:ns` and `:name` from the route, validated (router params arrive percent-decoded). */
export function repoParams(ctx: Context): { namespace: string; name: string } {
  const params = (ctx as Context & { params?: Record<string, string> }).params ?? {};
  return { namespace: assertName(params.ns, 'namespace'), name: assertName(params.name, 'name') };
}

/** Throws 403 FORBIDDEN unless the caller has `access` on `repo`. */
export function requireAccess(ctx: Context, repo: RepoInfo, access: RepoAccess): void {
  const user = currentUser(ctx);
  const ok =
    access === 'read'
      ? canRead(user, repo)
      : access === 'write'
        ? canWrite(user, repo)
        : canAdminRepo(user, repo);
  if (!ok) {
    const what = access === 'read' ? 'read' : access === 'write' ? 'write to' : 'administer';
    throw new AuxinError(
      'FORBIDDEN',
      `${user.username} may not ${what} ${repo.namespace}/${repo.name}`,
    );
  }
}

export function loadRepo(h: HubContext, access: RepoAccess = 'read') {
  return async function loadRepoMiddleware(ctx: Context, next: Next): Promise<void> {
    const { namespace, name } = repoParams(ctx);
    const repo = h.repos.get(namespace, name);
    if (!repo || !canRead(currentUser(ctx), repo)) {
      throw new AuxinError('NOT_FOUND', `no repository ${namespace}/${name}`);
    }
    requireAccess(ctx, repo, access);
    // The folder may have been swapped for a link since it was made: never follow one out.
    assertNoSymlinks(h.repos.dataDir, namespace, name);
    ctx.state.repo = repo;
    try {
      await next();
    } catch (e) {
      // Deleted (and perhaps created again) while this request ran: what failed under it (a
      // file gone, a commit no longer stored) is told as what happened, not as a 500 or as
      // missing objects a client would send again.
      if (h.repos.get(namespace, name)?.created_at !== repo.created_at) {
        throw new AuxinError('NOT_FOUND', `no repository ${namespace}/${name} (it was deleted)`);
      }
      throw e;
    }
  };
}

export function stateRepo(ctx: Context): RepoInfo {
  const repo = ctx.state.repo as RepoInfo | undefined;
  if (!repo) throw new Error('loadRepo middleware missing on this route');
  return repo;
}

/** Middleware for routes on a repository that may not exist yet (create): checks the names only. */
export async function checkRepoNames(ctx: Context, next: Next): Promise<void> {
  repoParams(ctx);
  await next();
}
