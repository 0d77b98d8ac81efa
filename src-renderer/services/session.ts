/** Who is signed in, signing in (password or a pasted token) and out. */
import { sessionRoutes, type SessionBody } from '../../src-shared/api/session.js';
import type { User } from '../../src-shared/api/users.js';
import { api } from './client.js';

/** The signed-in user, or null: asked without a 401, which the browser would log as an error. */
export async function currentUser(): Promise<User | null> {
  return (await api().call(sessionRoutes.current)).user;
}

export type Credentials = SessionBody;

export async function signIn(credentials: Credentials): Promise<User> {
  return (await api().call(sessionRoutes.create, { body: credentials })).user;
}

export async function signOut(): Promise<void> {
  await api().call(sessionRoutes.remove);
}
