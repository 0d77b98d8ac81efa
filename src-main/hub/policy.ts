/**
 * Who may do what, as pure functions of the caller and the repository (tested with hostile
 * inputs in test/unit/policy.test.ts). A studio is one team: every producer may write to every
 * `team` repository; a `private` one only admits its owner, its collaborators and admins.
 */
import type { AuthUser, RepoInfo } from './types.js';

type Caller = AuthUser | null | undefined;
type Repo = Pick<RepoInfo, 'owner' | 'visibility' | 'collaborators'>;

const ROLES = new Set(['admin', 'producer', 'client']);

function valid(user: Caller): user is AuthUser {
  return (
    !!user && typeof user.username === 'string' && user.username !== '' && ROLES.has(user.role)
  );
}

export function isAdmin(user: Caller): boolean {
  return valid(user) && user.role === 'admin';
}

function isMember(user: AuthUser, repo: Repo): boolean {
  return repo.owner === user.username || repo.collaborators.includes(user.username);
}

export function canRead(user: Caller, repo: Repo): boolean {
  if (!valid(user)) return false;
  if (user.role === 'admin') return true;
  if (repo.visibility === 'team') return true;
  return isMember(user, repo);
}

/** Push, lock, metadata: producers and admins, and for a private repository only its members. */
export function canWrite(user: Caller, repo: Repo): boolean {
  if (!valid(user)) return false;
  if (user.role === 'admin') return true;
  if (user.role !== 'producer') return false;
  return repo.visibility === 'team' || isMember(user, repo);
}

/** Comments are open to every reader, clients included. */
export function canComment(user: Caller, repo: Repo): boolean {
  return canRead(user, repo);
}

export function canCreateRepo(user: Caller): boolean {
  return valid(user) && (user.role === 'admin' || user.role === 'producer');
}

/** Force-push, force-release a lock: the owner (if they may still write) or an admin. */
export function canForce(user: Caller, repo: Repo): boolean {
  if (!valid(user)) return false;
  if (user.role === 'admin') return true;
  return repo.owner === user.username && canWrite(user, repo);
}

/** Delete, change visibility, manage collaborators. */
export function canAdminRepo(user: Caller, repo: Repo): boolean {
  if (!valid(user)) return false;
  return user.role === 'admin' || (repo.owner === user.username && user.role === 'producer');
}
