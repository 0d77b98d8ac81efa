/**
 * The one schema of a hub's configuration: where it keeps its data, where it listens, who may
 * call it from a browser, its admin's first token, the library folders it watches, its lock
 * backend (files or Redis) and its time limits. `loadConfig` (config.ts) gathers the values from
 * flags, environment and config file; `createHub` parses what it is given with this schema, so a
 * hub started by the CLI, the desktop app or a test gets the same checks and defaults.
 */
import { z } from 'zod';
import { MIN_ADMIN_TOKEN_LENGTH } from './accounts.js';

const nonEmptyPath = z
  .string()
  .refine((v) => v.trim() !== '' && !v.includes('\0'), 'must be a non-empty path');

/** Each schema's message completes "<what> from <where> ..." (see loadConfig). */
export const DataDirSchema = nonEmptyPath;

export const PortSchema = z.preprocess(
  (v) => {
    if (typeof v === 'number') return v;
    const raw = String(v).trim();
    return /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  },
  z
    .number({ error: 'must be an integer from 0 to 65535' })
    .int('must be an integer from 0 to 65535')
    .min(0, 'must be an integer from 0 to 65535')
    .max(65535, 'must be an integer from 0 to 65535'),
);

export const HostSchema = z
  .string({ error: 'must be a host name or IP address' })
  .regex(/^[A-Za-z0-9.:_[\]%-]{1,253}$/, 'must be a host name or IP address')
  .transform((v) => v.replace(/^\[(.*)\]$/, '$1'));

const CORS_RULE = { error: 'must be http(s)://host[:port] values or *' };

export const CorsOriginsSchema = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z.array(
    z.string(CORS_RULE).refine((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o), CORS_RULE),
    CORS_RULE,
  ),
);

export const AdminTokenSchema = z
  .string()
  .refine(
    (v) => v.length >= MIN_ADMIN_TOKEN_LENGTH && v.length <= 512 && !/\s/.test(v),
    `must be ${MIN_ADMIN_TOKEN_LENGTH} to 512 characters without spaces`,
  );

/** Days a sign-in token lives unused (each use renews it). */
export const LoginTokenDaysSchema = z.preprocess(
  (v) => (typeof v === 'string' ? Number(v.trim()) : v),
  z
    .number({ error: 'must be a number of days, over 0 and at most 3650' })
    .gt(0, 'must be a number of days, over 0 and at most 3650')
    .max(3650, 'must be a number of days, over 0 and at most 3650'),
);

export const WatchSchema = z.array(nonEmptyPath, { error: 'must be a list of non-empty paths' });

/** `true`, or from the environment `1`/`true`/`yes` (and `0`/`false`/`no`). */
export const TlsSchema = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? ({ 1: true, true: true, yes: true, 0: false, false: false, no: false }[
          v.trim().toLowerCase()
        ] ?? v)
      : v,
  z.boolean({ error: 'must be true or false (1 or 0)' }),
);

export const LocksConfigSchema = z.strictObject({
  /** `redis` shares locks between several hubs (ENABLE_REDIS_LOCKS=true). */
  backend: z.enum(['file', 'redis']).default('file'),
  redisUrl: z
    .string()
    .regex(/^rediss?:\/\/\S+$/, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  redisPrefix: z.string().max(100).default('auxin:'),
});

export const LimitsConfigSchema = z.strictObject({
  /** A JSON body that sends nothing for this long is answered 408 and its connection closed. */
  bodyIdleMs: z.number().int().min(100).max(3_600_000).default(30_000),
  /** A connection that moves no byte either way mid-request for this long is closed. */
  socketIdleMs: z.number().int().min(1000).max(3_600_000).default(60_000),
});

export const HubConfigSchema = z.object({
  dataDir: DataDirSchema,
  port: PortSchema.default(3000),
  host: HostSchema.default('0.0.0.0'),
  corsOrigins: CorsOriginsSchema.default([]),
  /** Used only on the first start, when the hub creates its admin. */
  adminToken: AdminTokenSchema.optional(),
  /** Days a sign-in token lives without being used (each use renews it). */
  loginTokenDays: LoginTokenDaysSchema.default(90),
  /** Library folders whose Logic projects the hub watches (`GET /api/local/projects`). */
  watch: WatchSchema.default([]),
  locks: LocksConfigSchema.default({
    backend: 'file',
    redisUrl: 'redis://127.0.0.1:6379',
    redisPrefix: 'auxin:',
  }),
  /** Serve HTTPS: the data folder's self-signed certificate unless tlsCert/tlsKey name one. */
  tls: TlsSchema.default(false),
  /** A studio's own certificate and key (PEM files); either both or neither. */
  tlsCert: nonEmptyPath.optional(),
  tlsKey: nonEmptyPath.optional(),
  limits: LimitsConfigSchema.default({ bodyIdleMs: 30_000, socketIdleMs: 60_000 }),
});

/** What a caller may give (defaults filled in by the schema). */
export type HubConfig = z.input<typeof HubConfigSchema>;
/** What the hub runs with. */
export type ResolvedHubConfig = z.output<typeof HubConfigSchema>;
