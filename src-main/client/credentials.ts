/**
 * Saved hub credentials in `~/.auxin/credentials.json` (mode 0600, folder 0700). `$HOME` is
 * respected so tests can use a temporary home; `AUXIN_TOKEN` overrides whatever is saved.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuxinError } from '../../src-shared/errors.js';

export interface SavedHub {
  token: string;
  username?: string;
  saved_at: string;
}

export interface CredentialsFile {
  version: 1;
  /** The hub `auxin login` last signed in to: the default for commands without `--hub`. */
  default: string | null;
  hubs: Record<string, SavedHub>;
}

export function credentialsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.HOME || os.homedir(), '.auxin', 'credentials.json');
}

/** `http(s)://host[:port]` of a hub URL, the key credentials are saved under. */
export function hubOrigin(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AuxinError('INVALID_ARGUMENT', `'${url}' is not a URL (expected http://host:port)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AuxinError('INVALID_ARGUMENT', `'${url}' must start with http:// or https://`);
  }
  return parsed.origin;
}

export function loadCredentials(env: NodeJS.ProcessEnv = process.env): CredentialsFile {
  const file = credentialsPath(env);
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CredentialsFile>;
    return { version: 1, default: data.default ?? null, hubs: data.hubs ?? {} };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { version: 1, default: null, hubs: {} };
    throw new AuxinError('INVALID_ARGUMENT', `cannot read ${file}: ${(e as Error).message}`);
  }
}

export function saveCredential(
  url: string,
  token: string,
  username?: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const file = credentialsPath(env);
  const data = loadCredentials(env);
  const origin = hubOrigin(url);
  data.hubs[origin] = {
    token,
    ...(username ? { username } : {}),
    saved_at: new Date().toISOString(),
  };
  data.default = origin;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
  return file;
}

/**
 * The hub and token to use: `hub` (a flag) or the saved default; the token from `AUXIN_TOKEN`,
 * else the one saved for that hub. Throws a clear error when there is no hub to talk to.
 */
export function resolveHub(
  hub: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { url: string; token: string | null } {
  const data = loadCredentials(env);
  const url = hub ? hubOrigin(hub) : data.default;
  if (!url) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      'no hub given: run `auxin login URL` or pass --hub URL',
    );
  }
  const token = env.AUXIN_TOKEN || data.hubs[url]?.token || null;
  return { url, token };
}

/**
 * The hub account this machine signed in to `baseUrl` as (`auxin login`), or null. Read from the
 * saved credentials, so a commit made offline still knows its author.
 */
export function accountFor(baseUrl: string, env: NodeJS.ProcessEnv = process.env): string | null {
  try {
    return loadCredentials(env).hubs[hubOrigin(baseUrl)]?.username ?? null;
  } catch {
    return null;
  }
}
