/** Small helpers for the sync routes: access checks, JSON bodies and one open store per repo. */
import type { Context } from 'koa';
import type { z } from 'zod';
import { AuxinError } from '../../../src-shared/errors.js';
import type { SyncStore } from '../../sync/store-port.js';
import type { AuthUser, RepoInfo } from '../types.js';

export function repoOf(ctx: Context): RepoInfo {
  const repo = ctx.state.repo as RepoInfo | undefined;
  if (!repo) throw new AuxinError('NOT_FOUND', 'no such repository');
  return repo;
}

export function userOf(ctx: Context): AuthUser {
  const user = ctx.state.user as AuthUser | undefined;
  if (!user) throw new AuxinError('UNAUTHORIZED', 'a token is required');
  return user;
}

function canRead(user: AuthUser, repo: RepoInfo): boolean {
  if (user.role === 'admin' || repo.visibility === 'team') return true;
  return repo.owner === user.username || repo.collaborators.includes(user.username);
}

export function requireAccess(ctx: Context, what: 'read' | 'write' | 'force'): void {
  const user = userOf(ctx);
  const repo = repoOf(ctx);
  if (!canRead(user, repo)) throw new AuxinError('NOT_FOUND', 'no such repository');
  if (what === 'read') return;
  if (user.role === 'client') {
    throw new AuxinError('FORBIDDEN', `the ${user.role} role may not push`);
  }
  if (what === 'force' && user.role !== 'admin' && repo.owner !== user.username) {
    throw new AuxinError('FORBIDDEN', 'only the owner or an admin may force a push');
  }
}

/** Read a JSON body of at most `limit` bytes and parse it with `schema`. */
export async function readJsonBody<S extends z.ZodType>(
  ctx: Context,
  schema: S,
  limit: number,
): Promise<z.output<S>> {
  const type = (ctx.get('content-type') || '').split(';')[0]!.trim();
  if (type !== 'application/json') {
    throw new AuxinError('UNSUPPORTED_MEDIA_TYPE', 'the body must be application/json');
  }
  if (Number(ctx.get('content-length') || 0) > limit) {
    throw new AuxinError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`);
  }
  const parts: Buffer[] = [];
  let size = 0;
  for await (const b of ctx.req as AsyncIterable<Buffer>) {
    size += b.length;
    if (size > limit)
      throw new AuxinError('PAYLOAD_TOO_LARGE', `the body is larger than ${limit} bytes`);
    parts.push(b);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(parts).toString('utf8'));
  } catch {
    throw new AuxinError('INVALID_JSON', 'the body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AuxinError(
      'VALIDATION_FAILED',
      `invalid body: ${first?.path.join('.')} ${first?.message}`,
    );
  }
  return parsed.data;
}

// One store per repository for the life of the process, so its durability batch sees every
// write made through it before a ref moves.
const stores = new Map<string, Promise<SyncStore>>();

export function openRepoStore(path: string): Promise<SyncStore> {
  let s = stores.get(path);
  if (!s) {
    s = loadStore(path);
    stores.set(path, s);
    s.catch(() => stores.delete(path));
  }
  return s;
}

async function loadStore(path: string): Promise<SyncStore> {
  const spec = '../../store/store.js';
  const mod = (await import(spec)) as { Store: { open(root: string): Promise<SyncStore> } };
  return mod.Store.open(path);
}
