/**
 * Saved hub credentials in `~/.auxin/credentials.json` (mode 0600, folder 0700). `$HOME` is
 * respected so tests can use a temporary home; `AUXIN_TOKEN` overrides whatever is saved.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { z } from 'zod';
import { AuxinError } from '../../src-shared/errors.js';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { readStateFileSync, STATE_VERSION } from '../core/state-file.js';

const SavedHubSchema = z.object({
  token: z.string().min(1),
  username: z.string().optional(),
  saved_at: z.string(),
});
export type SavedHub = z.infer<typeof SavedHubSchema>;

/** `~/.auxin/credentials.json`, format 1 (files written before `version` existed read the same). */
const CredentialsFileSchema = z.object({
  version: z.literal(STATE_VERSION).optional(),
  /** The hub `auxin login` last signed in to: the default for commands without `--hub`. */
  default: z.string().nullable().optional(),
  hubs: z.record(z.string(), SavedHubSchema).optional(),
});

export interface CredentialsFile {
  version: 1;
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
  let data: z.output<typeof CredentialsFileSchema> | null;
  try {
    data = readStateFileSync(file, CredentialsFileSchema, 'INVALID_ARGUMENT');
  } catch (e) {
    if (e instanceof AuxinError) throw e;
    throw new AuxinError('INVALID_ARGUMENT', `cannot read ${file}: ${(e as Error).message}`);
  }
  return { version: STATE_VERSION, default: data?.default ?? null, hubs: data?.hubs ?? {} };
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
  writeFileAtomicSync(file, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
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
