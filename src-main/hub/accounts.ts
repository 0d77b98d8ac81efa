/**
 * Users and their tokens in `<data>/.hub/users.json`. Tokens are random, shown once and kept only
 * as SHA-256 hashes; passwords are scrypt hashes compared in constant time.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import * as path from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { z } from 'zod';
import { RoleSchema, type Role } from '../../src-shared/api/common.js';
import { writeFileAtomic, writeFileAtomicSync } from '../core/atomic-write.js';
import { readStateFileSync, STATE_VERSION } from '../core/state-file.js';
import { Mutex } from '../core/mutex.js';

const PasswordHashSchema = z.object({
  salt: z.string(),
  hash: z.string(),
  N: z.number().int().positive(),
});
type PasswordHash = z.infer<typeof PasswordHashSchema>;

const StoredUserSchema = z.object({
  username: z.string(),
  role: RoleSchema,
  created_at: z.string(),
  password: PasswordHashSchema.optional(),
});
export type StoredUser = z.infer<typeof StoredUserSchema>;

const StoredTokenSchema = z.object({
  id: z.string(),
  username: z.string(),
  hash: z.string(),
  label: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
});
export type StoredToken = z.infer<typeof StoredTokenSchema>;

/** `<data>/.hub/users.json`, format 1. */
const UsersFileSchema = z.object({
  version: z.literal(STATE_VERSION),
  users: z.array(StoredUserSchema),
  tokens: z.array(StoredTokenSchema),
});
type UsersFile = z.infer<typeof UsersFileSchema>;

export const MIN_ADMIN_TOKEN_LENGTH = 16;
const SCRYPT_N = 16384;
const KEY_LEN = 32;

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newToken(): string {
  return `auxin_${randomBytes(32).toString('base64url')}`;
}

function scryptAsync(password: string, salt: Buffer, N: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LEN, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT_N);
  return { salt: salt.toString('base64'), hash: key.toString('base64'), N: SCRYPT_N };
}

// Compared against when the user does not exist, so both cases take one scrypt.
const DUMMY: PasswordHash = {
  salt: 'AAAAAAAAAAAAAAAAAAAAAA==',
  hash: 'A'.repeat(43) + '=',
  N: SCRYPT_N,
};

export async function verifyPassword(
  password: string,
  stored: PasswordHash | undefined,
): Promise<boolean> {
  const ref = stored ?? DUMMY;
  const expected = Buffer.from(ref.hash, 'base64');
  const key = await scryptAsync(password, Buffer.from(ref.salt, 'base64'), ref.N);
  return stored !== undefined && key.length === expected.length && timingSafeEqual(key, expected);
}

export function publicUser(u: StoredUser) {
  return { username: u.username, role: u.role, created_at: u.created_at };
}

export class Accounts {
  private data: UsersFile;
  private byHash = new Map<string, StoredToken>();
  private readonly mutex = new Mutex();
  private readonly revokeListeners: ((tokenId: string) => void)[] = [];
  readonly file: string;
  /** Set when this start created the admin: the token to print once (undefined if taken from env). */
  readonly firstStart: { adminToken?: string } | null;

  constructor(stateDir: string, adminToken?: string) {
    this.file = path.join(stateDir, 'users.json');
    const loaded = readStateFileSync(this.file, UsersFileSchema);
    if (loaded) {
      this.data = loaded;
      this.firstStart = null;
    } else {
      const token = adminToken ?? newToken();
      const now = new Date().toISOString();
      this.data = {
        version: 1,
        users: [{ username: 'admin', role: 'admin', created_at: now }],
        tokens: [
          {
            id: tokenId(),
            username: 'admin',
            hash: hashToken(token),
            label: 'first start',
            created_at: now,
            last_used_at: null,
          },
        ],
      };
      writeFileAtomicSync(this.file, JSON.stringify(this.data, null, 2));
      this.firstStart = adminToken ? {} : { adminToken: token };
    }
    this.reindex();
  }

  private reindex(): void {
    this.byHash = new Map(this.data.tokens.map((t) => [t.hash, t]));
  }

  /**
   * Write `next` and only then make it the accounts in memory: a write that fails (a full disk)
   * leaves memory as the file is, so the answer's error is the whole truth.
   */
  private async commit(next: UsersFile): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
    this.data = next;
    this.reindex();
  }

  user(username: string): StoredUser | undefined {
    return this.data.users.find((u) => u.username === username);
  }

  users(): StoredUser[] {
    return [...this.data.users];
  }

  /** The user a presented token belongs to, or null. */
  authenticate(token: string): { user: StoredUser; tokenId: string } | null {
    if (!token || token.length > 512) return null;
    const t = this.byHash.get(hashToken(token));
    if (!t) return null;
    const user = this.user(t.username);
    if (!user) return null;
    // Kept in memory and written with the next change: a write per request would cost too much.
    t.last_used_at = new Date().toISOString();
    return { user, tokenId: t.id };
  }

  createUser(username: string, role: Role, password?: string) {
    return this.mutex.run(async () => {
      // Case-insensitively: `Admin` next to `admin` would pass for it in lists, and sign-in
      // limits key on the lower-cased name. Pairs stored before this check still sign in.
      const taken = this.data.users.find(
        (u) => u.username.toLowerCase() === username.toLowerCase(),
      );
      if (taken) {
        throw new AuxinError('ALREADY_EXISTS', `user '${taken.username}' already exists`, {
          username: taken.username,
        });
      }
      const user: StoredUser = { username, role, created_at: new Date().toISOString() };
      if (password !== undefined) user.password = await hashPassword(password);
      const { entry, ...issued } = newTokenEntry(username, 'created');
      await this.commit({
        ...this.data,
        users: [...this.data.users, user],
        tokens: [...this.data.tokens, entry],
      });
      return { user, ...issued };
    });
  }

  issueToken(username: string, label: string) {
    return this.mutex.run(async () => {
      if (!this.user(username)) throw new AuxinError('NOT_FOUND', `no user '${username}'`);
      const { entry, ...issued } = newTokenEntry(username, label);
      await this.commit({ ...this.data, tokens: [...this.data.tokens, entry] });
      return issued;
    });
  }

  tokens(username: string) {
    return this.data.tokens
      .filter((t) => t.username === username)
      .map(({ id, label, created_at, last_used_at }) => ({ id, label, created_at, last_used_at }));
  }

  revokeToken(username: string, id: string) {
    return this.mutex.run(async () => {
      const tokens = this.data.tokens.filter((t) => !(t.id === id && t.username === username));
      if (tokens.length === this.data.tokens.length) {
        throw new AuxinError('NOT_FOUND', `no token '${id}'`);
      }
      await this.commit({ ...this.data, tokens });
      for (const listener of this.revokeListeners) listener(id);
    });
  }

  /** Called with each revoked token's id: whatever the token opened must close with it. */
  onRevoke(listener: (tokenId: string) => void): void {
    this.revokeListeners.push(listener);
  }

  async checkPassword(username: string, password: string): Promise<StoredUser | null> {
    const user = this.user(username);
    const ok = await verifyPassword(password, user?.password);
    return ok && user ? user : null;
  }
}

function tokenId(): string {
  return randomBytes(8).toString('hex');
}

/** A new token for `username`: the entry to store (its hash) and the token to show once. */
function newTokenEntry(username: string, label: string) {
  const token = newToken();
  const entry: StoredToken = {
    id: tokenId(),
    username,
    hash: hashToken(token),
    label,
    created_at: new Date().toISOString(),
    last_used_at: null,
  };
  return { entry, token, token_id: entry.id };
}
