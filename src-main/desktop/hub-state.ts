/**
 * What the desktop app knows of its hub: the projects, who holds each lock until when, which
 * projects have versions this Mac lacks, whether a sync runs, whether the hub answers. It is fed
 * by the hub's live stream (and a first listing), and the tray and notifications read it.
 */

export interface LockView {
  username: string;
  /** The display label the holder sent ("ana@studio-mac"), else the username. */
  user: string;
  machine_id: string;
  expires_at: string;
  lock_id?: string;
}

export interface ProjectView {
  namespace: string;
  name: string;
  lock: LockView | null;
  /** A teammate pushed a version this Mac has not pulled. */
  behind: boolean;
}

export type Connection = 'online' | 'offline' | 'error' | 'paused';

export interface HubState {
  me: string;
  connection: Connection;
  /** Pushes and pulls this app is running now. */
  syncing: number;
  projects: Map<string, ProjectView>;
}

/** One event of the hub's live stream, as `GET /api/events` sends it. */
export interface StreamEvent {
  type: string;
  namespace?: string;
  name?: string;
  data: Record<string, unknown>;
}

export const projectKey = (namespace: string, name: string) => `${namespace}/${name}`;

export function emptyState(me: string): HubState {
  return { me, connection: 'offline', syncing: 0, projects: new Map() };
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The event's details: the activity feed wraps them in `data.details`, the bus does not. */
export function details(e: StreamEvent): Record<string, unknown> {
  const d = e.data.details;
  return d && typeof d === 'object' ? (d as Record<string, unknown>) : e.data;
}

export function actorOf(e: StreamEvent): string {
  return str(e.data.actor);
}

/** Apply one live event to the state, in place; returns whether anything the tray shows changed. */
export function applyEvent(state: HubState, e: StreamEvent): boolean {
  if (!e.namespace || !e.name) return false;
  const key = projectKey(e.namespace, e.name);
  const p = state.projects.get(key) ?? {
    namespace: e.namespace,
    name: e.name,
    lock: null,
    behind: false,
  };
  const d = details(e);
  switch (e.type) {
    case 'repo.created':
      break;
    case 'repo.deleted':
      return state.projects.delete(key);
    case 'lock.acquired':
      p.lock = {
        username: str(d.holder) || actorOf(e),
        user: str(d.user) || str(d.holder) || actorOf(e),
        machine_id: str(d.machine_id),
        expires_at: str(d.expires_at),
        lock_id: str(d.lock_id) || undefined,
      };
      break;
    case 'lock.released':
    case 'lock.expired':
    case 'lock.force_released':
    case 'lock.free':
      p.lock = null;
      break;
    case 'push':
      if (actorOf(e) !== state.me) p.behind = true;
      break;
    default:
      return false;
  }
  state.projects.set(key, p);
  return true;
}

/** Milliseconds left on a lock at `now`, never negative; NaN-safe. */
export function msLeft(lock: LockView, now: number): number {
  const t = Date.parse(lock.expires_at);
  return Number.isFinite(t) ? Math.max(0, t - now) : 0;
}

/** "2 h 05 min", "9 min", "under a minute". */
export function formatLeft(ms: number): string {
  const min = Math.floor(ms / 60_000);
  if (min < 1) return 'under a minute';
  if (min < 60) return `${min} min`;
  return `${Math.floor(min / 60)} h ${String(min % 60).padStart(2, '0')} min`;
}
