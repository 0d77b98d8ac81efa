/** Accounts, tokens, the hub's LAN address and its watched folders, for the settings page. */
import { hubRoutes, type HubAddress } from '../../src-shared/api/hub.js';
import { metadataRoutes } from '../../src-shared/api/metadata.js';
import {
  userRoutes,
  type TokenInfo,
  type User,
  type UserWithToken,
} from '../../src-shared/api/users.js';
import type { Role } from '../../src-shared/api/common.js';
import { api } from './client.js';

export type { HubAddress, Role, TokenInfo, User, UserWithToken };

export function listUsers(): Promise<User[]> {
  return api().call(userRoutes.list);
}

export function addUser(username: string, role: Role, password?: string): Promise<UserWithToken> {
  return api().call(userRoutes.create, { body: { username, role, password } });
}

export async function setPassword(username: string, password: string): Promise<void> {
  await api().call(userRoutes.setPassword, { params: { username }, body: { password } });
}

export function listTokens(username: string): Promise<TokenInfo[]> {
  return api().call(userRoutes.tokens, { params: { username } });
}

export function issueToken(username: string, label: string): Promise<UserWithToken> {
  return api().call(userRoutes.issueToken, {
    params: { username },
    body: label ? { label } : {},
  });
}

export async function revokeToken(username: string, id: string): Promise<void> {
  await api().call(userRoutes.revokeToken, { params: { username, id } });
}

export function hubAddress(): Promise<HubAddress> {
  return api().call(hubRoutes.address);
}

export async function watchedFolders(): Promise<string[]> {
  return (await api().call(metadataRoutes.localProjects)).watching;
}
