/**
 * Browser sessions: `GET /api/auth/session` says who is signed in (`{user: null}` when nobody),
 * `POST /api/auth/session` signs in (a password, or a token pasted once) and
 * answers with an `HttpOnly` cookie; `DELETE /api/auth/session` signs out. The token inside the
 * cookie never reaches page scripts. The CLI keeps using bearer tokens (`POST /api/auth/login`).
 */
import { z } from 'zod';
import { defineRoute } from './route.js';
import { UserSchema } from './users.js';

export const SESSION_PATH = '/api/auth/session';

export const SessionBodySchema = z.union([
  z.strictObject({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
  }),
  z.strictObject({ token: z.string().min(1).max(512) }),
]);
export type SessionBody = z.infer<typeof SessionBodySchema>;

export const SessionResponseSchema = z.object({ user: UserSchema });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;

/** `GET /api/auth/session`: the signed-in user, or null (never a 401). */
export const CurrentSessionSchema = z.object({ user: UserSchema.nullable() });
export type CurrentSession = z.infer<typeof CurrentSessionSchema>;

export const sessionRoutes = {
  current: defineRoute({
    method: 'GET',
    path: SESSION_PATH,
    response: CurrentSessionSchema,
    kind: 'json',
    public: true,
  }),
  create: defineRoute({
    method: 'POST',
    path: SESSION_PATH,
    body: SessionBodySchema,
    bodyLimit: 8 * 1024,
    response: SessionResponseSchema,
    kind: 'json',
    public: true,
  }),
  /** Ends the cookie's session on the hub (the cookie, not a bearer token). */
  remove: defineRoute({ method: 'DELETE', path: SESSION_PATH, kind: 'none' }),
};
