/**
 * `createHub(config)`: the Koa app, its services and listen/close. The CLI, the desktop shell
 * and the tests all start the hub through this one factory; it knows nothing about Electron.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import Koa from 'koa';
import type Router from '@koa/router';
import type { Logger } from 'pino';
import { Accounts } from './accounts.js';
import { handleClientError } from './client-error.js';
import { FileActivity } from './activity.js';
import { authenticate } from './auth.js';
import { CommentService } from './comments.js';
import { clientLeft, errorMiddleware, notFoundMiddleware } from './errors.js';
import { createEventBus } from '../core/events.js';
import { createLogger, requestLog } from './logging.js';
import { createMetrics } from './metrics.js';
import { RepoService } from './repos.js';
import { repoDir } from './repo-paths.js';
import { cors, securityHeaders } from './security.js';
import { ConnectionTracker } from './shutdown.js';
import { LiveStreams } from './sse.js';
import type { InitStore } from './store-init.js';
import type { HubConfig, HubContext } from './types.js';
import { activityRouter } from './routes/activity.js';
import { authRouter } from './routes/auth.js';
import { commentsRouter } from './routes/comments.js';
import { eventsRouter } from './routes/events.js';
import { healthRouter } from './routes/health.js';
import { historyRouter } from './routes/history.js';
import { hubRouter } from './routes/hub.js';
import { reposRouter } from './routes/repos.js';
import { usersRouter } from './routes/users.js';
import { syncRouter } from './routes/sync.js';
import { locksRouter } from './routes/locks.js';
import { metadataRouter } from './routes/metadata.js';
import { versionsRouter } from './routes/versions.js';
import { MetadataService } from './metadata/service.js';
import { createLocalProjects } from './local-projects.js';
import { localProjectsRouter } from './routes/local-projects.js';
import { sessionRouter, signInLimits } from './routes/session.js';
import { projectsRouter } from './routes/projects.js';
import { defaultRendererDir, serveRenderer } from './static.js';
import type { WatchedProjects } from './watched-projects.js';
import type { ProjectWatcherOptions } from '../logic/watcher.js';
import {
  createLockService,
  lockBackendFor,
  type LockBackend,
  type LockService,
} from '../locks/index.js';
import { AuxinError } from '../../src-shared/errors.js';
import { HubConfigSchema } from './config-schema.js';
import { loadHubTls, type HubTls } from './tls/setup.js';

export interface HubOptions {
  logger?: Logger;
  /** How often idle live streams get a comment line, so proxies and clients see they are alive. */
  heartbeatMs?: number;
  /** How long close() lets in-flight requests finish before cutting their connections. */
  shutdownGraceMs?: number;
  initStore?: InitStore;
  /** The lock store; by default the one `config.locks` names (lock files, or Redis). */
  lockBackend?: LockBackend;
  /** Watcher settings for the watched library folders (tests use a short quiet period). */
  watchOptions?: ProjectWatcherOptions;
  /** How long a JSON body may send nothing before the hub answers 408 and closes (30 s). */
  bodyIdleTimeoutMs?: number;
  /**
   * How long a connection may move no bytes either way, mid-request, before the hub closes it
   * (60 s): an upload that stopped sending, a download nobody reads. Live streams' heartbeats
   * come at most half this apart, so they never count as idle.
   */
  socketIdleTimeoutMs?: number;
  /** The built web UI's folder; by default found beside the hub's code, null to serve none. */
  rendererDir?: string | null;
}

export const DEFAULT_SOCKET_IDLE_MS = 60_000;

export interface Hub {
  app: Koa;
  context: HubContext;
  accounts: Accounts;
  locks: LockService;
  /** The watched library folders' projects; null when the hub watches none. */
  localProjects: WatchedProjects | null;
  /** Non-null only on the start that created the admin; `adminToken` unless it came from config. */
  firstStart: { adminToken?: string } | null;
  /** Every route the routers mounted (a test compares them with src-shared's route table). */
  mounted: Array<{ method: string; path: string }>;
  /** The certificate the hub serves HTTPS with; null when it serves plain HTTP. */
  tls: HubTls | null;
  listen(): Promise<{ port: number; host: string; url: string }>;
  close(): Promise<void>;
}

/** The URL to reach a hub bound to `host`: a wildcard bind is reached on loopback locally. */
export function hubUrl(host: string, port: number, secure = false): string {
  const reach = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `${secure ? 'https' : 'http'}://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
}

export function createHub(given: HubConfig, opts: HubOptions = {}): Hub {
  const parsed = HubConfigSchema.safeParse(given);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `invalid hub configuration: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`,
    );
  }
  const config = parsed.data;
  const dataDir = path.resolve(config.dataDir);
  const stateDir = path.join(dataDir, '.hub');
  fs.mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const tls = config.tls
    ? loadHubTls(
        stateDir,
        config.tlsCert && config.tlsKey
          ? { certFile: config.tlsCert, keyFile: config.tlsKey }
          : undefined,
      )
    : null;

  const logger = opts.logger ?? createLogger();
  const events = createEventBus((e) => logger.error({ err: e }, 'event listener failed'));
  const metrics = createMetrics();
  const activity = new FileActivity(stateDir, events, (err, event) =>
    logger.error(
      { err, event: event.type, repo: `${event.namespace}/${event.name}` },
      'activity event not saved',
    ),
  );
  const repos = new RepoService(dataDir, stateDir, activity, opts.initStore);
  const accounts = new Accounts(stateDir, config.adminToken, {
    loginTokenDays: config.loginTokenDays,
  });
  const comments = new CommentService(stateDir, activity);
  const socketIdleMs = opts.socketIdleTimeoutMs ?? config.limits.socketIdleMs;
  const streams = new LiveStreams(Math.min(opts.heartbeatMs ?? 15_000, socketIdleMs / 2));
  accounts.onRevoke((tokenId) => streams.closeToken(tokenId));
  const context: HubContext = {
    config: { ...config, dataDir },
    pushGuards: [],
    afterPush: [],
    logger,
    events,
    activity,
    metrics,
    repos,
  };
  const locks = createLockService(
    { ...context, dataDir, repoPath: (ns, name) => repoDir(dataDir, ns, name) },
    { backend: opts.lockBackend ?? lockBackendFor(config.locks, dataDir) },
  );
  const metadata = new MetadataService(context);
  context.afterPush.push((repo, user, update) => metadata.afterPush(repo, user, update));
  const local = config.watch.length
    ? createLocalProjects(context, locks, config.watch, opts.watchOptions)
    : null;

  const app = new Koa({ proxy: false });
  app.silent = true;
  app.context.bodyIdleTimeoutMs = opts.bodyIdleTimeoutMs ?? config.limits.bodyIdleMs;
  app.on('error', (err: unknown, ctx?: Koa.Context) => {
    // A cancelled download is not a bug, and browsers cancel audio previews all day: its
    // request line (the bytes it got) is all there is to log.
    if (ctx && clientLeft(ctx, err)) return;
    logger.error({ err, req_id: ctx?.state?.requestId, path: ctx?.path }, 'unhandled error');
  });
  app.use(requestLog(logger, metrics));
  app.use(errorMiddleware(dataDir));
  app.use(securityHeaders());
  app.use(cors(config.corsOrigins));
  // Before authentication: the page itself is public; everything it shows comes from the API.
  app.use(serveRenderer(opts.rendererDir === undefined ? defaultRendererDir() : opts.rendererDir));
  app.use(authenticate(accounts));
  app.use(notFoundMiddleware());

  const signIn = signInLimits();
  // One line per resource; each mounts its handlers on the routes of src-shared/api/.
  const routers: Router[] = [
    healthRouter(context),
    hubRouter(context),
    // One sign-in limit for the CLI's login and the browser's session: no doubled guesses.
    authRouter(context, accounts, signIn),
    sessionRouter(context, accounts, signIn),
    usersRouter(context, accounts),
    metadataRouter(context, metadata),
    reposRouter(context, accounts),
    historyRouter(context, (repo, list) => metadata.decorate(repo, list)),
    activityRouter(context, activity),
    commentsRouter(context, comments),
    versionsRouter(context, metadata, comments),
    eventsRouter(context, streams),
    syncRouter(context),
    locksRouter(context, locks),
    localProjectsRouter(context, local),
    projectsRouter(context, locks),
  ];
  for (const router of routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  const mounted = routers.flatMap((r) =>
    r.stack.flatMap((layer) =>
      layer.methods
        .filter((m) => m !== 'HEAD')
        .map((method) => ({ method, path: String(layer.path) })),
    ),
  );

  let server: http.Server | null = null;
  let closing: Promise<void> | null = null;
  let tracker: ConnectionTracker | null = null;

  return {
    app,
    context,
    accounts,
    locks,
    localProjects: local,
    firstStart: accounts.firstStart,
    mounted,
    tls,
    listen() {
      return new Promise((resolve, reject) => {
        // The same server either way: https.Server shares http.Server's timeouts and events.
        const s = (
          tls
            ? https.createServer({ cert: tls.cert, key: tls.key }, app.callback())
            : http.createServer(app.callback())
        ) as http.Server;
        tracker = new ConnectionTracker(s);
        // Bound slow clients without cutting long uploads: headers must arrive within 30 s, and
        // no request may sit with nothing moving for longer than the idle limit (a pack upload
        // cut so keeps the chunks it verified, as when the network drops). With no 'timeout'
        // listener on the server, Node destroys an idle socket.
        s.headersTimeout = 30_000;
        s.requestTimeout = 0;
        s.timeout = socketIdleMs;
        s.keepAliveTimeout = 5_000;
        s.on('clientError', handleClientError(logger));
        const refused = (e: NodeJS.ErrnoException) => reject(listenError(e, config));
        s.once('error', refused);
        s.listen(config.port, config.host, () => {
          s.off('error', refused);
          server = s;
          const port = (s.address() as AddressInfo).port;
          // The library scan runs in the background: the API answers `ready: false` meanwhile.
          local?.start().catch((err: unknown) => logger.warn({ err }, 'could not watch libraries'));
          resolve({ port, host: config.host, url: hubUrl(config.host, port, !!tls) });
        });
      });
    },
    close() {
      if (closing) return closing;
      const s = server;
      closing = new Promise<void>((resolve) => {
        streams.closeAll();
        if (!s) return resolve();
        tracker!.drain(s, opts.shutdownGraceMs ?? 10_000).then(resolve);
      })
        .then(() => local?.close())
        .then(() => locks.stop())
        .then(() => repos.closeStores());
      return closing;
    },
  };
}

/** A port another program holds, in words that say which port and how to choose another. */
function listenError(e: NodeJS.ErrnoException, config: HubConfig): Error {
  if (e.code !== 'EADDRINUSE') return e;
  return new AuxinError(
    'PORT_IN_USE',
    `port ${config.port} on ${config.host} is already in use (another hub, or another program): stop it, or start this hub on another port with --port`,
    { port: config.port, host: config.host },
  );
}
