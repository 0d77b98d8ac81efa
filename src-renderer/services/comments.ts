/** Comments on one version: list (oldest first), add, delete. `repo` is `namespace/name`. */
import { commentRoutes, type Comment } from '../../src-shared/api/comments.js';
import { api } from './client.js';

export type { Comment };

/** `ns/name` → the route's params (a name never holds a slash; a namespace never does either). */
export function repoParams(repo: string): { ns: string; name: string } {
  const slash = repo.indexOf('/');
  return slash < 0
    ? { ns: repo, name: '' }
    : { ns: repo.slice(0, slash), name: repo.slice(slash + 1) };
}

export function listComments(repo: string, commit: string): Promise<Comment[]> {
  return api().call(commentRoutes.list, { params: { ...repoParams(repo), commit } });
}

export function addComment(repo: string, commit: string, body: string): Promise<Comment> {
  return api().call(commentRoutes.create, {
    params: { ...repoParams(repo), commit },
    body: { body },
  });
}

export async function deleteComment(repo: string, commit: string, id: string): Promise<void> {
  await api().call(commentRoutes.remove, { params: { ...repoParams(repo), commit, id } });
}
