/**
 * Hub configuration, by precedence: flags, then environment (`AUXIN_*`, then the design's
 * `SYNC_DIR` / `OXEN_SERVER_PORT` / `OXEN_SERVER_HOST`), then a JSON config file (`--config`, or
 * `<data>/config.json`), then defaults. Every bad value is reported, each with where it came from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { MIN_ADMIN_TOKEN_LENGTH } from './accounts.js';
import { defaultDataDir } from './paths.js';
import { defaultLibrary } from '../logic/watcher.js';
import type { HubConfig } from './types.js';

export interface ConfigFlags {
  data?: string;
  port?: string;
  host?: string;
  config?: string;
  /** `--watch DIR`, repeated. */
  watch?: string[];
}

type Source = { value: unknown; from: string };

const ENV: Record<
  'dataDir' | 'port' | 'host' | 'corsOrigins' | 'adminToken' | 'loginTokenDays',
  string[]
> = {
  dataDir: ['AUXIN_DATA_DIR', 'SYNC_DIR'],
  port: ['AUXIN_PORT', 'OXEN_SERVER_PORT'],
  host: ['AUXIN_HOST', 'OXEN_SERVER_HOST'],
  corsOrigins: ['AUXIN_CORS_ORIGINS'],
  adminToken: ['AUXIN_ADMIN_TOKEN'],
  loginTokenDays: ['AUXIN_LOGIN_TOKEN_DAYS'],
};

function fromEnv(env: NodeJS.ProcessEnv, field: keyof typeof ENV): Source | undefined {
  for (const name of ENV[field]) {
    const v = env[name];
    if (v !== undefined && v !== '') return { value: v, from: `environment variable ${name}` };
  }
  return undefined;
}

function readConfigFile(file: string, required: boolean): Record<string, unknown> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (!required && (e as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `cannot read config file ${file}: ${(e as Error).message}`,
    );
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // fall through to the message below
  }
  throw new AuxinError('INVALID_ARGUMENT', `config file ${file} is not a JSON object`);
}

export function loadConfig(
  flags: ConfigFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): HubConfig {
  const problems: string[] = [];
  const pick = (
    field: keyof typeof ENV,
    flag: string | undefined,
    file: Record<string, unknown>,
    fileName: string,
  ) =>
    (flag !== undefined
      ? { value: flag, from: `flag --${field === 'dataDir' ? 'data' : field}` }
      : undefined) ??
    fromEnv(env, field) ??
    (file[field] !== undefined
      ? { value: file[field], from: `config file ${fileName}` }
      : undefined);

  const explicitFile = flags.config ? path.resolve(flags.config) : undefined;
  let file = explicitFile ? readConfigFile(explicitFile, true) : {};
  const dataSource = pick('dataDir', flags.data, file, explicitFile ?? '');
  let dataDir = defaultDataDir(process.platform, env);
  if (dataSource) {
    if (
      typeof dataSource.value !== 'string' ||
      dataSource.value.trim() === '' ||
      dataSource.value.includes('\0')
    ) {
      problems.push(`data folder from ${dataSource.from} must be a non-empty path`);
    } else {
      dataDir = path.resolve(dataSource.value);
    }
  }
  // Said here, or the config file read below would blame itself ("config.json: ENOTDIR").
  if (fs.statSync(dataDir, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `data folder ${dataDir}${dataSource ? ` (from ${dataSource.from})` : ''} is not a folder`,
    );
  }
  const fileName = explicitFile ?? path.join(dataDir, 'config.json');
  if (!explicitFile) file = readConfigFile(fileName, false);

  const portSource = pick('port', flags.port, file, fileName);
  let port = 3000;
  if (portSource) {
    const raw = String(portSource.value).trim();
    const n = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      problems.push(
        `port '${String(portSource.value)}' from ${portSource.from} must be an integer from 0 to 65535`,
      );
    } else port = n;
  }

  const hostSource = pick('host', flags.host, file, fileName);
  let host = '0.0.0.0';
  if (hostSource) {
    const v = hostSource.value;
    if (typeof v !== 'string' || !/^[A-Za-z0-9.:_[\]%-]{1,253}$/.test(v)) {
      problems.push(
        `host '${String(v)}' from ${hostSource.from} must be a host name or IP address`,
      );
    } else host = v.replace(/^\[(.*)\]$/, '$1');
  }

  const corsSource = pick('corsOrigins', undefined, file, fileName);
  let corsOrigins: string[] = [];
  if (corsSource) {
    const v = corsSource.value;
    const list =
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v;
    if (
      !Array.isArray(list) ||
      list.some((o) => typeof o !== 'string' || !(o === '*' || /^https?:\/\/[^/\s]+$/.test(o)))
    ) {
      problems.push(
        `CORS origins from ${corsSource.from} must be http(s)://host[:port] values or *`,
      );
    } else corsOrigins = list as string[];
  }

  const tokenSource = pick('adminToken', undefined, file, fileName);
  let adminToken: string | undefined;
  if (tokenSource) {
    const v = tokenSource.value;
    if (
      typeof v !== 'string' ||
      v.length < MIN_ADMIN_TOKEN_LENGTH ||
      v.length > 512 ||
      /\s/.test(v)
    ) {
      problems.push(
        `admin token from ${tokenSource.from} must be ${MIN_ADMIN_TOKEN_LENGTH} to 512 characters without spaces`,
      );
    } else adminToken = v;
  }

  const watch = watchFolders(flags.watch, env, file, fileName, problems);

  const daysSource = pick('loginTokenDays', undefined, file, fileName);
  let loginTokenDays: number | undefined;
  if (daysSource) {
    const days = Number(daysSource.value);
    if (!Number.isFinite(days) || days <= 0 || days > 3650) {
      problems.push(`login token days from ${daysSource.from} must be a number of days, 0 to 3650`);
    } else loginTokenDays = days;
  }

  if (problems.length) {
    throw new AuxinError('INVALID_ARGUMENT', `invalid hub configuration: ${problems.join('; ')}`, {
      problems,
    });
  }
  return {
    dataDir,
    port,
    host,
    corsOrigins,
    ...(adminToken ? { adminToken } : {}),
    ...(loginTokenDays ? { loginTokenDays } : {}),
    watch,
  };
}

/**
 * Library folders to watch for Logic projects: `--watch` flags, else AUXIN_WATCH (a list joined
 * with the platform's path delimiter), else the config file's `watch` array; by default
 * ~/Music/Logic on macOS when it exists, and none elsewhere.
 */
function watchFolders(
  flags: string[] | undefined,
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown>,
  fileName: string,
  problems: string[],
): string[] {
  let list: unknown;
  let from: string;
  if (flags && flags.length) [list, from] = [flags, 'flag --watch'];
  else if (env.AUXIN_WATCH !== undefined && env.AUXIN_WATCH !== '') {
    [list, from] = [env.AUXIN_WATCH.split(path.delimiter), 'environment variable AUXIN_WATCH'];
  } else if (file.watch !== undefined) [list, from] = [file.watch, `config file ${fileName}`];
  else {
    const lib = defaultLibrary();
    return lib && fs.existsSync(lib) ? [lib] : [];
  }
  if (
    !Array.isArray(list) ||
    list.some((d) => typeof d !== 'string' || d.trim() === '' || d.includes('\0'))
  ) {
    problems.push(`watch folders from ${from} must be a list of non-empty paths`);
    return [];
  }
  const dirs = [...new Set((list as string[]).map((d) => path.resolve(d)))];
  // `auxin watch` refuses a missing folder; the hub did not, and then watched nothing, silently.
  for (const d of dirs) {
    const st = fs.statSync(d, { throwIfNoEntry: false });
    if (!st) problems.push(`watch folder ${d} (from ${from}) does not exist`);
    else if (!st.isDirectory()) problems.push(`watch folder ${d} (from ${from}) is not a folder`);
  }
  return dirs;
}
