/**
 * The seams every room shares: who is calling, a repository's identity, the event bus, the
 * activity feed and metrics interfaces, and the hooks around a push. The hub implements them;
 * locks, metadata and the desktop shell depend only on these.
 */
export type { Role } from '../../src-shared/api/common.js';
import type { Role } from '../../src-shared/api/common.js';
import type { ActivityEventWire, ActivityKind } from '../../src-shared/api/activity.js';
import type { Visibility } from '../../src-shared/api/repos.js';

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
  visibility: Visibility;
  collaborators: string[];
  created_at: string;
}

/** One entry of a repository's activity feed; also sent on the live stream. */
export type ActivityEvent = ActivityEventWire;

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
    /** `kind` and `actor` filter the feed (kinds: src-shared/api/activity.ts). */
    opts: { limit: number; before?: string; kind?: ActivityKind; actor?: string },
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
