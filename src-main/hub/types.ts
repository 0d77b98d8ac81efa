/**
 * The seams between the hub's parts. The app factory (createHub) builds one HubContext and hands
 * it to every router factory (`export function xRouter(h: HubContext): Router`), so each resource
 * (repos, sync, locks, metadata, comments, ...) lives in its own module under src-main/hub/routes/.
 */
import type { Logger } from 'pino';
import type { RepoService } from './repos.js';

export type Role = 'admin' | 'producer' | 'client';

/** The authenticated caller; set by the auth middleware on `ctx.state.user`. */
export interface AuthUser {
  username: string;
  role: Role;
}

export interface RepoInfo {
  namespace: string;
  name: string;
  /** Absolute path of the repository's store root (a bare store). */
  path: string;
  description: string;
  owner: string;
  visibility: 'team' | 'private';
  collaborators: string[];
  created_at: string;
}

/** One entry of a repository's activity feed; also sent on the live stream. */
export interface ActivityEvent {
  id: string;
  type: string; // e.g. 'repo.created', 'push', 'comment.added', 'lock.acquired'
  actor: string;
  time: string; // RFC 3339
  namespace: string;
  name: string;
  text: string; // human-readable sentence
  details: Record<string, unknown>;
}

export interface ActivityService {
  /** Persist an event in the repository's feed and broadcast it on the live stream. */
  record(
    namespace: string,
    name: string,
    event: { type: string; actor: string; text: string; details?: Record<string, unknown> },
  ): Promise<ActivityEvent>;
  list(
    namespace: string,
    name: string,
    opts: { limit: number; before?: string },
  ): Promise<{ events: ActivityEvent[]; next: string | null }>;
  /** Drop a deleted repository's feed, so one created again under its name starts empty. */
  forget(namespace: string, name: string): Promise<void>;
}

/** Live events, for SSE clients, the desktop shell and tests. `to` limits delivery to one user. */
export interface HubEvent {
  type: string;
  /** Deliver only to callers with one of these roles (local project events skip clients). */
  roles?: Role[];
  namespace?: string;
  name?: string;
  to?: string;
  /** Deliver only to callers who may NOT read this repository (the copy of an event without it). */
  unless?: { namespace: string; name: string };
  data: Record<string, unknown>;
}

export interface EventBus {
  publish(event: HubEvent): void;
  subscribe(listener: (event: HubEvent) => void): () => void;
}

export interface Metrics {
  inc(name: string, value?: number, labels?: Record<string, string>): void;
  render(): string;
}

export interface HubConfig {
  dataDir: string;
  port: number;
  host: string;
  corsOrigins: string[];
  adminToken?: string;
  /** Days a sign-in token lives without being used (default 90; each use renews it). */
  loginTokenDays?: number;
  /** Library folders whose Logic projects the hub watches (`GET /api/local/projects`). */
  watch?: string[];
}

/**
 * Called before a push moves a branch; throws an AuxinError to refuse it (the lock service
 * registers one that refuses pushes from anyone but the lock holder with 423 LOCK_HELD).
 */
export type PushGuard = (
  repo: RepoInfo,
  user: AuthUser,
  branch: string,
  machineId?: string,
  /** The lock the pushed work was made under, when the client says. */
  lockId?: string,
) => Promise<void>;

/**
 * Called after a push moved a branch (the metadata service reads the new versions). Runs after
 * the ref moved: it cannot refuse the push, and its errors are logged, never sent to the pusher.
 */
export type AfterPush = (
  repo: RepoInfo,
  user: AuthUser,
  update: { branch: string; old: string | null; new: string },
) => Promise<void>;

export interface HubContext {
  config: HubConfig;
  pushGuards: PushGuard[];
  afterPush: AfterPush[];
  logger: Logger;
  events: EventBus;
  activity: ActivityService;
  metrics: Metrics;
  /** Repositories on this hub (create, get, list, delete, visibility, collaborators). */
  repos: RepoService;
}
