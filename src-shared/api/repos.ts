/** Repositories: `/api/repos`, `/api/repos/{ns}/{name}`, visibility and collaborators. */
import { z } from 'zod';
import { UsernameSchema } from './common.js';

export const REPOS_PATH = '/api/repos';
/** The router path of one repository; `:ns` and `:name` are validated by the hub's loadRepo. */
export const REPO_PATH = '/api/repos/:ns/:name';

export function repoUrlPath(namespace: string, name: string): string {
  return `${REPOS_PATH}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

export const VisibilitySchema = z.enum(['team', 'private']);
export type Visibility = z.infer<typeof VisibilitySchema>;

/** Compatible with the Rust client's `[{namespace, name, path, description?}]`. */
export const RepoSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  /** `<namespace>/<name>`, the repository's place under the hub's data folder. */
  path: z.string(),
  description: z.string(),
  owner: z.string(),
  visibility: VisibilitySchema,
  collaborators: z.array(z.string()),
  created_at: z.string(),
});
export type Repo = z.infer<typeof RepoSchema>;

export const CreateRepoBodySchema = z.object({
  description: z.string().max(2000).optional(),
  visibility: VisibilitySchema.optional(),
});
export type CreateRepoBody = z.infer<typeof CreateRepoBodySchema>;

export const SetVisibilityBodySchema = z.object({ visibility: VisibilitySchema });

export const CollaboratorBodySchema = z.object({ username: UsernameSchema });
