/** Repositories: `/api/repos`, `/api/repos/{ns}/{name}`, visibility and collaborators. */
import { z } from 'zod';
import { RepoParamsSchema, UsernameSchema } from './common.js';
import { RepoFilterQuerySchema, RepoMetadataSummarySchema } from './metadata.js';
import { defineRoute } from './route.js';

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

/** A listing row: with `?metadata=1` or a filter, each repository's latest metadata summary. */
export const RepoListItemSchema = RepoSchema.extend({
  metadata: RepoMetadataSummarySchema.nullable().optional(),
});
export type RepoListItem = z.infer<typeof RepoListItemSchema>;

const CollaboratorParamsSchema = RepoParamsSchema.extend({ username: z.string() });

export const repoRoutes = {
  list: defineRoute({
    method: 'GET',
    path: REPOS_PATH,
    query: RepoFilterQuerySchema,
    response: z.array(RepoListItemSchema),
    kind: 'json',
  }),
  get: defineRoute({
    method: 'GET',
    path: REPO_PATH,
    params: RepoParamsSchema,
    response: RepoSchema,
    kind: 'json',
  }),
  create: defineRoute({
    method: 'POST',
    path: REPO_PATH,
    params: RepoParamsSchema,
    body: CreateRepoBodySchema,
    bodyLimit: 16 * 1024,
    response: RepoSchema,
    kind: 'json',
  }),
  remove: defineRoute({
    method: 'DELETE',
    path: REPO_PATH,
    params: RepoParamsSchema,
    kind: 'none',
  }),
  setVisibility: defineRoute({
    method: 'PUT',
    path: `${REPO_PATH}/visibility`,
    params: RepoParamsSchema,
    body: SetVisibilityBodySchema,
    bodyLimit: 4096,
    response: RepoSchema,
    kind: 'json',
  }),
  addCollaborator: defineRoute({
    method: 'POST',
    path: `${REPO_PATH}/collaborators`,
    params: RepoParamsSchema,
    body: CollaboratorBodySchema,
    bodyLimit: 4096,
    response: RepoSchema,
    kind: 'json',
  }),
  removeCollaborator: defineRoute({
    method: 'DELETE',
    path: `${REPO_PATH}/collaborators/:username`,
    params: CollaboratorParamsSchema,
    response: RepoSchema,
    kind: 'json',
  }),
  /** The earlier form: the collaborator named in a JSON body. */
  removeCollaboratorByBody: defineRoute({
    method: 'DELETE',
    path: `${REPO_PATH}/collaborators`,
    params: RepoParamsSchema,
    body: CollaboratorBodySchema,
    bodyLimit: 4096,
    response: RepoSchema,
    kind: 'json',
  }),
};
