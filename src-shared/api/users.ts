/** Accounts and tokens: `/api/users`, `/api/auth/*`. */
import { z } from 'zod';
import { RoleSchema, UsernameSchema } from './common.js';

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
