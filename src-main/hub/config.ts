/**
 * Hub configuration, by precedence: flags, then environment (`AUXIN_*`, then the design's
 * `SYNC_DIR` / `OXEN_SERVER_PORT` / `OXEN_SERVER_HOST`), then a JSON config file (`--config`, or
 * `<data>/config.json`), then defaults. Every bad value is reported, each with where it came from.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import type { z } from 'zod';
import { defaultDataDir } from './paths.js';
import { defaultLibrary } from '../logic/watcher.js';
import {
  AdminTokenSchema,
  CorsOriginsSchema,
  DataDirSchema,
  HostSchema,
  HubConfigSchema,
  LimitsConfigSchema,
  LocksConfigSchema,
  LoginTokenDaysSchema,
  PortSchema,
  TlsSchema,
  WatchSchema,
  type HubConfig,
  type ResolvedHubConfig,
} from './config-schema.js';

export interface ConfigFlags {
  data?: string;
  port?: string;
  host?: string;
  config?: string;
  /** `--watch DIR`, repeated. */
  watch?: string[];
  tls?: boolean;
  'tls-cert'?: string;
  'tls-key'?: string;
}

type Source = { value: unknown; from: string };

const ENV: Record<
  | 'dataDir'
  | 'port'
  | 'host'
  | 'corsOrigins'
  | 'adminToken'
  | 'loginTokenDays'
  | 'tls'
  | 'tlsCert'
  | 'tlsKey',
  string[]
> = {
  dataDir: ['AUXIN_DATA_DIR', 'SYNC_DIR'],
  port: ['AUXIN_PORT', 'OXEN_SERVER_PORT'],
  host: ['AUXIN_HOST', 'OXEN_SERVER_HOST'],
  corsOrigins: ['AUXIN_CORS_ORIGINS'],
  adminToken: ['AUXIN_ADMIN_TOKEN'],
  loginTokenDays: ['AUXIN_LOGIN_TOKEN_DAYS'],
  tls: ['AUXIN_TLS'],
  tlsCert: ['AUXIN_TLS_CERT'],
  tlsKey: ['AUXIN_TLS_KEY'],
};

const FLAG_NAMES: Partial<Record<keyof typeof ENV, string>> = {
  dataDir: 'data',
  tlsCert: 'tls-cert',
  tlsKey: 'tls-key',
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

/** Check `source`'s value with `schema`; a problem is "<what> from <where> <why>". */
function check<S extends z.ZodType>(
  schema: S,
  source: Source,
  what: string,
  problems: string[],
): z.output<S> | undefined {
  const r = schema.safeParse(source.value);
  if (r.success) return r.data;
  problems.push(`${what} from ${source.from} ${r.error.issues[0]?.message ?? 'is invalid'}`);
  return undefined;
}

export function loadConfig(
  flags: ConfigFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): ResolvedHubConfig {
  const problems: string[] = [];
  const pick = (
    field: keyof typeof ENV,
    flag: string | boolean | undefined,
    file: Record<string, unknown>,
    fileName: string,
  ) =>
    (flag !== undefined
      ? { value: flag, from: `flag --${FLAG_NAMES[field] ?? field}` }
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
    const v = check(DataDirSchema, dataSource, 'data folder', problems);
    if (v !== undefined) dataDir = path.resolve(v);
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

  const config: HubConfig = { dataDir };
  const portSource = pick('port', flags.port, file, fileName);
  if (portSource) {
    config.port = check(PortSchema, portSource, `port '${String(portSource.value)}'`, problems);
  }
  const hostSource = pick('host', flags.host, file, fileName);
  if (hostSource) {
    config.host = check(HostSchema, hostSource, `host '${String(hostSource.value)}'`, problems);
  }
  const corsSource = pick('corsOrigins', undefined, file, fileName);
  if (corsSource) {
    config.corsOrigins = check(CorsOriginsSchema, corsSource, 'CORS origins', problems);
  }
  const tokenSource = pick('adminToken', undefined, file, fileName);
  if (tokenSource) {
    config.adminToken = check(AdminTokenSchema, tokenSource, 'admin token', problems);
  }
  config.watch = watchFolders(flags.watch, env, file, fileName, problems);
  const daysSource = pick('loginTokenDays', undefined, file, fileName);
  if (daysSource) {
    config.loginTokenDays = check(LoginTokenDaysSchema, daysSource, 'login token days', problems);
  }
  tlsSettings(config, flags, (field, flag) => pick(field, flag, file, fileName), problems);
  config.locks = lockSettings(env, file, fileName, problems);
  if (file.limits !== undefined) {
    const from = { value: file.limits, from: `config file ${fileName}` };
    config.limits = check(LimitsConfigSchema, from, 'limits', problems);
  }

  if (problems.length) {
    throw new AuxinError('INVALID_ARGUMENT', `invalid hub configuration: ${problems.join('; ')}`, {
      problems,
    });
  }
  return HubConfigSchema.parse(config);
}

/**
 * HTTPS: `--tls`, AUXIN_TLS or the file's `tls`; a studio's own certificate and key come as a
 * pair, and naming them is asking for TLS.
 */
function tlsSettings(
  config: HubConfig,
  flags: ConfigFlags,
  pick: (
    field: 'tls' | 'tlsCert' | 'tlsKey',
    flag: string | boolean | undefined,
  ) => Source | undefined,
  problems: string[],
): void {
  const tls = pick('tls', flags.tls || undefined);
  if (tls) config.tls = check(TlsSchema, tls, 'tls', problems);
  const cert = pick('tlsCert', flags['tls-cert']);
  const key = pick('tlsKey', flags['tls-key']);
  if (!cert !== !key) {
    problems.push('a TLS certificate and its key go together: give both --tls-cert and --tls-key');
    return;
  }
  if (cert && key) {
    config.tlsCert = path.resolve(String(cert.value));
    config.tlsKey = path.resolve(String(key.value));
    if (config.tls === false) {
      problems.push(`a TLS certificate is given (from ${cert.from}) but tls is off`);
    }
    config.tls = true;
  }
}

/**
 * The lock backend: Redis when ENABLE_REDIS_LOCKS=true (REDIS_URL, AUXIN_REDIS_PREFIX), else the
 * config file's `locks` object, else lock files in the data folder.
 */
function lockSettings(
  env: NodeJS.ProcessEnv,
  file: Record<string, unknown>,
  fileName: string,
  problems: string[],
): HubConfig['locks'] {
  if (env.ENABLE_REDIS_LOCKS === 'true') {
    const value = {
      backend: 'redis',
      ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
      ...(env.AUXIN_REDIS_PREFIX ? { redisPrefix: env.AUXIN_REDIS_PREFIX } : {}),
    };
    const from = 'environment variables ENABLE_REDIS_LOCKS, REDIS_URL, AUXIN_REDIS_PREFIX';
    return check(LocksConfigSchema, { value, from }, 'lock settings', problems);
  }
  if (file.locks === undefined) return undefined;
  const source = { value: file.locks, from: `config file ${fileName}` };
  return check(LocksConfigSchema, source, 'lock settings', problems);
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
  let source: Source;
  if (flags && flags.length) source = { value: flags, from: 'flag --watch' };
  else if (env.AUXIN_WATCH !== undefined && env.AUXIN_WATCH !== '') {
    source = {
      value: env.AUXIN_WATCH.split(path.delimiter),
      from: 'environment variable AUXIN_WATCH',
    };
  } else if (file.watch !== undefined)
    source = { value: file.watch, from: `config file ${fileName}` };
  else {
    const lib = defaultLibrary();
    return lib && fs.existsSync(lib) ? [lib] : [];
  }
  const list = check(WatchSchema, source, 'watch folders', problems);
  const dirs = list ? [...new Set(list.map((d) => path.resolve(d)))] : [];
  // `auxin watch` refuses a missing folder; the hub did not, and then watched nothing, silently.
  for (const d of dirs) {
    const st = fs.statSync(d, { throwIfNoEntry: false });
    if (!st) problems.push(`watch folder ${d} (from ${source.from}) does not exist`);
    else if (!st.isDirectory())
      problems.push(`watch folder ${d} (from ${source.from}) is not a folder`);
  }
  return dirs;
}
