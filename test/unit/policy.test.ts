import { describe, expect, it } from 'vitest';
import {
  canAdminRepo,
  canComment,
  canCreateRepo,
  canForce,
  canRead,
  canWrite,
} from '../../src-main/hub/policy.js';
import type { AuthUser, Role } from '../../src-main/hub/types.js';

const u = (username: string, role: Role): AuthUser => ({ username, role });
const team = { owner: 'ana', visibility: 'team' as const, collaborators: ['bob'] };
const priv = { owner: 'ana', visibility: 'private' as const, collaborators: ['bob', 'cli'] };

describe('policy', () => {
  it('lets every producer write to a team repository, and no client', () => {
    expect(canWrite(u('zoe', 'producer'), team)).toBe(true);
    expect(canWrite(u('cli', 'client'), team)).toBe(false);
    expect(canRead(u('cli', 'client'), team)).toBe(true);
    expect(canComment(u('cli', 'client'), team)).toBe(true);
  });

  it('admits only owner, collaborators and admins to a private repository', () => {
    expect(canRead(u('zoe', 'producer'), priv)).toBe(false);
    expect(canWrite(u('zoe', 'producer'), priv)).toBe(false);
    expect(canRead(u('bob', 'producer'), priv)).toBe(true);
    expect(canWrite(u('bob', 'producer'), priv)).toBe(true);
    expect(canRead(u('cli', 'client'), priv)).toBe(true);
    expect(canWrite(u('cli', 'client'), priv)).toBe(false);
    expect(canWrite(u('root', 'admin'), priv)).toBe(true);
  });

  it('reserves force and administration for the owner or an admin', () => {
    expect(canForce(u('ana', 'producer'), team)).toBe(true);
    expect(canForce(u('bob', 'producer'), team)).toBe(false);
    expect(canForce(u('root', 'admin'), priv)).toBe(true);
    expect(canAdminRepo(u('ana', 'producer'), priv)).toBe(true);
    expect(canAdminRepo(u('bob', 'producer'), priv)).toBe(false);
    // An owner later demoted to client may no longer force or administer.
    expect(canForce(u('ana', 'client'), team)).toBe(false);
    expect(canAdminRepo(u('ana', 'client'), team)).toBe(false);
  });

  it('only producers and admins create repositories', () => {
    expect(canCreateRepo(u('a', 'admin'))).toBe(true);
    expect(canCreateRepo(u('a', 'producer'))).toBe(true);
    expect(canCreateRepo(u('a', 'client'))).toBe(false);
  });

  it('refuses hostile or missing callers everywhere', () => {
    const hostile = [
      null,
      undefined,
      { username: '', role: 'admin' },
      { username: 'x', role: 'root' },
      { username: 'x', role: 'Admin' },
      { username: 42, role: 'admin' },
      { role: 'admin' },
      { username: 'ana', role: '__proto__' },
    ] as unknown as AuthUser[];
    for (const h of hostile) {
      for (const f of [canRead, canWrite, canForce, canAdminRepo, canComment]) {
        expect(f(h, team), JSON.stringify(h)).toBe(false);
        expect(f(h, priv), JSON.stringify(h)).toBe(false);
      }
      expect(canCreateRepo(h)).toBe(false);
    }
  });

  it('does not treat an empty owner or a look-alike name as membership', () => {
    const orphan = { owner: '', visibility: 'private' as const, collaborators: [] };
    expect(canRead(u('ana', 'producer'), orphan)).toBe(false);
    expect(canRead(u('Ana', 'producer'), priv)).toBe(false);
    expect(canRead(u('ana ', 'producer'), priv)).toBe(false);
  });
});
