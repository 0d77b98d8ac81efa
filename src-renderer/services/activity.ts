/** The activity feed: one project's (`repo` = `ns/name`) or the whole hub's, a page at a time. */
import {
  activityRoutes,
  type ActivityKind,
  type ActivityPage,
} from '../../src-shared/api/activity.js';
import { api } from './client.js';
import { repoParams } from './comments.js';

export interface FeedFilter {
  kind?: ActivityKind;
  actor?: string;
}

export const PAGE_SIZE = 50;

export function readFeed(
  scope: string | null,
  filter: FeedFilter,
  before?: string,
): Promise<ActivityPage> {
  const query = { limit: PAGE_SIZE, before, ...filter };
  return scope === null
    ? api().call(activityRoutes.hub, { query })
    : api().call(activityRoutes.repo, { params: repoParams(scope), query });
}
