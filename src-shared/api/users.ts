/** Accounts and tokens: `/api/users`, `/api/auth/*`. */
import { z } from 'zod';
import { RoleSchema, UsernameSchema } from './common.js';
import { defineRoute } from './route.js';

export const USERS_PATH = '/api/users';
export const LOGIN_PATH = '/api/auth/login';
export const LOGOUT_PATH = '/api/auth/logout';
export const ME_PATH = '/api/auth/me';

export const UserSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  created_at: z.string(),
});
export type User = z.infer<typeof UserSchema>;

export const CreateUserBodySchema = z.object({
  username: UsernameSchema,
  role: RoleSchema,
  password: z.string().min(8).max(1024).optional(),
});
export type CreateUserBody = z.infer<typeof CreateUserBodySchema>;

/** `201` answer to POST /api/users, POST /api/auth/login and POST .../tokens: the token is shown once. */
export const UserWithTokenSchema = z.object({
  user: UserSchema,
  token: z.string(),
  token_id: z.string(),
});
export type UserWithToken = z.infer<typeof UserWithTokenSchema>;

export const TokenInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});
export type TokenInfo = z.infer<typeof TokenInfoSchema>;

export const CreateTokenBodySchema = z.object({ label: z.string().max(100).optional() });

export const LoginBodySchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBodySchema>;

/** `:username` is checked by the hub (INVALID_NAME), as is `:id` (an unknown one is NOT_FOUND). */
const UserParamsSchema = z.object({ username: z.string() });

export const userRoutes = {
  list: defineRoute({
    method: 'GET',
    path: USERS_PATH,
    response: z.array(UserSchema),
    kind: 'json',
  }),
  create: defineRoute({
    method: 'POST',
    path: USERS_PATH,
    body: CreateUserBodySchema,
    bodyLimit: 8 * 1024,
    response: UserWithTokenSchema,
    kind: 'json',
  }),
  tokens: defineRoute({
    method: 'GET',
    path: `${USERS_PATH}/:username/tokens`,
    params: UserParamsSchema,
    response: z.array(TokenInfoSchema),
    kind: 'json',
  }),
  issueToken: defineRoute({
    method: 'POST',
    path: `${USERS_PATH}/:username/tokens`,
    params: UserParamsSchema,
    body: CreateTokenBodySchema,
    bodyLimit: 4096,
    response: UserWithTokenSchema,
    kind: 'json',
  }),
  revokeToken: defineRoute({
    method: 'DELETE',
    path: `${USERS_PATH}/:username/tokens/:id`,
    params: UserParamsSchema.extend({ id: z.string() }),
    kind: 'none',
  }),
};

export const authRoutes = {
  login: defineRoute({
    method: 'POST',
    path: LOGIN_PATH,
    body: LoginBodySchema,
    bodyLimit: 8 * 1024,
    response: UserWithTokenSchema,
    kind: 'json',
    public: true,
  }),
  /** Revokes the token (or session) the request was made with. */
  logout: defineRoute({ method: 'POST', path: LOGOUT_PATH, kind: 'none' }),
  me: defineRoute({
    method: 'GET',
    path: ME_PATH,
    response: z.object({ user: UserSchema }),
    kind: 'json',
  }),
};
