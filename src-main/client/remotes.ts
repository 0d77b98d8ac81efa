/**
 * Named remotes of a local store, kept in `<store root>/remotes.json` (written atomically).
 * A remote URL is `http://host:port/<namespace>/<name>` with each part URL-encoded as needed.
 */
import { constants as fsc } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AuxinError } from '../../src-shared/errors.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { readStateFile, STATE_VERSION } from '../core/state-file.js';

export interface RemoteTarget {
  /** `http://host:port`, no trailing slash. */
  baseUrl: string;
  namespace: string;
  name: string;
}

export interface Remote extends RemoteTarget {
  remote: string;
  url: string;
}

interface RemotesFile {
  remotes: Record<string, string>;
}

const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f');

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parse a remote URL; throws INVALID_ARGUMENT with a clear message. */
export function parseRemoteUrl(url: string): RemoteTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `not a URL: ${url} (expected http://host:port/namespace/name)`,
    );
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `only http:// and https:// remotes are supported: ${url}`,
    );
  }
  if (u.username || u.password) {
    // Dropping them silently would leave the user wondering why the hub asks for a token.
    throw new AuxinError(
      'INVALID_ARGUMENT',
      'a remote URL carries no user or password: sign in with `auxin login URL` (or set AUXIN_TOKEN)',
    );
  }
  const parts = u.pathname.split('/').filter((p) => p !== '');
  if (parts.length !== 2 || u.search || u.hash) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `a remote URL is http://host:port/namespace/name, not ${url}`,
    );
  }
  let namespace: string;
  let name: string;
  try {
    [namespace, name] = parts.map((p) => decodeURIComponent(p)) as [string, string];
  } catch {
    throw new AuxinError('INVALID_ARGUMENT', `bad %-encoding in ${url}`);
  }
  for (const n of [namespace, name]) {
    if (n === '.' || n === '..' || /[/\\]/.test(n) || hasControl(n)) {
      throw new AuxinError('INVALID_NAME', `not a valid repository name: ${JSON.stringify(n)}`);
    }
  }
  // The hub keys repositories by their NFC form: a name typed on a Mac (often decomposed) and
  // the same name typed elsewhere reach one repository.
  return {
    baseUrl: `${u.protocol}//${u.host}`,
    namespace: namespace.normalize('NFC'),
    name: name.normalize('NFC'),
  };
}

export function remoteUrl(t: RemoteTarget): string {
  return `${t.baseUrl}/${encodeURIComponent(t.namespace)}/${encodeURIComponent(t.name)}`;
}

function fileOf(store: { root: string }): string {
  return join(store.root, 'remotes.json');
}

/** `<store>/remotes.json`, format 1 (files written before `version` existed read the same). */
const RemotesFileSchema = z.object({
  version: z.literal(STATE_VERSION).optional(),
  remotes: z.record(z.string(), z.string()).optional(),
});

async function load(store: { root: string }): Promise<RemotesFile> {
  // Non-blocking: the hub's watcher reads the stores next to the projects in a library, where
  // a FIFO named remotes.json would otherwise hold a thread (and the watcher) for ever.
  const flag = fsc.O_RDONLY | (fsc.O_NONBLOCK ?? 0);
  const data = await readStateFile(fileOf(store), RemotesFileSchema, {
    code: 'INVALID_ARGUMENT',
    flag,
  });
  return { remotes: data?.remotes ?? {} };
}

async function save(store: { root: string }, data: RemotesFile): Promise<void> {
  const text = JSON.stringify({ version: STATE_VERSION, ...data }, null, 2) + '\n';
  await writeFileAtomic(fileOf(store), text, { mode: 0o644, makeDirs: false });
}

export async function listRemotes(store: { root: string }): Promise<Remote[]> {
  const { remotes } = await load(store);
  return Object.entries(remotes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([remote, url]) => ({ remote, url, ...parseRemoteUrl(url) }));
}

/** Add (or, with `replace`, change) a remote. */
export async function addRemote(
  store: { root: string },
  remote: string,
  url: string,
  opts: { replace?: boolean } = {},
): Promise<Remote> {
  if (!NAME_RE.test(remote)) {
    throw new AuxinError('INVALID_NAME', `not a valid remote name: ${JSON.stringify(remote)}`);
  }
  const target = parseRemoteUrl(url);
  const data = await load(store);
  if (data.remotes[remote] && !opts.replace) {
    throw new AuxinError('ALREADY_EXISTS', `remote '${remote}' already exists`);
  }
  const normal = remoteUrl(target);
  data.remotes[remote] = normal;
  await save(store, data);
  return { remote, url: normal, ...target };
}

export async function removeRemote(store: { root: string }, remote: string): Promise<void> {
  const data = await load(store);
  if (!data.remotes[remote]) throw new AuxinError('NO_REMOTE', `no remote named '${remote}'`);
  delete data.remotes[remote];
  await save(store, data);
}

/** The remote `name` (default `origin`) of a store, or NO_REMOTE. */
export async function resolveRemote(store: { root: string }, name = 'origin'): Promise<Remote> {
  const { remotes } = await load(store);
  const url = remotes[name];
  if (!url) {
    throw new AuxinError(
      'NO_REMOTE',
      `no remote named '${name}' (add one: auxin remote add ${name} URL)`,
    );
  }
  return { remote: name, url, ...parseRemoteUrl(url) };
}
