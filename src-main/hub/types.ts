/**
 * The seams between the hub's parts. The app factory (createHub) builds one HubContext and hands
 * it to every router factory (`export function xRouter(h: HubContext): Router`), so each resource
 * (repos, sync, locks, metadata, comments, ...) lives in its own module under src-main/hub/routes/.
 */
import type { Logger } from 'pino';
import type { RepoService } from './repos.js';
import type { ResolvedHubConfig } from './config-schema.js';
import type { ActivityService, AfterPush, EventBus, Metrics, PushGuard } from '../core/types.js';

export type {
  ActivityEvent,
  ActivityService,
  AfterPush,
  AuthUser,
  EventBus,
  HubEvent,
  Metrics,
  PushGuard,
  RepoInfo,
  Role,
} from '../core/types.js';

export type { HubConfig, ResolvedHubConfig } from './config-schema.js';

export interface HubContext {
  config: ResolvedHubConfig;
  pushGuards: PushGuard[];
  afterPush: AfterPush[];
  logger: Logger;
  events: EventBus;
  activity: ActivityService;
  metrics: Metrics;
  /** Repositories on this hub (create, get, list, delete, visibility, collaborators). */
  repos: RepoService;
}
