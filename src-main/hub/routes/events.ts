/** `GET /api/events[?repo=ns/name]`: the live stream, only events the caller may read. */
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { activityRoutes } from '../../../src-shared/api/activity.js';
import { currentUser } from '../auth.js';
import { mount } from '../mount.js';
import { canRead } from '../policy.js';
import { assertName } from '../repo-paths.js';
import { formatEvent, mayReceive, type LiveStreams } from '../sse.js';
import type { HubContext } from '../types.js';

export function eventsRouter(h: HubContext, streams: LiveStreams): Router {
  const router = new Router();
  mount(router, activityRoutes.events, (ctx, { query }) => {
    const user = currentUser(ctx);
    let only: { namespace: string; name: string } | undefined;
    if (query.repo !== undefined) {
      const slash = query.repo.indexOf('/');
      if (slash < 0) throw new AuxinError('INVALID_ARGUMENT', 'repo must be <namespace>/<name>');
      only = {
        namespace: assertName(query.repo.slice(0, slash), 'namespace'),
        name: assertName(query.repo.slice(slash + 1), 'name'),
      };
      const repo = h.repos.get(only.namespace, only.name);
      if (!repo || !canRead(user, repo)) {
        throw new AuxinError('NOT_FOUND', `no repository ${query.repo}`);
      }
    }
    if (streams.countFor(user.username) >= streams.maxPerUser) {
      throw new AuxinError(
        'TOO_MANY_STREAMS',
        `at most ${streams.maxPerUser} live streams per user; close one first`,
        { limit: streams.maxPerUser },
      );
    }
    const lookup = (ns: string, name: string) => h.repos.get(ns, name);
    let unsubscribe = () => {};
    const owner = { username: user.username, tokenId: ctx.state.tokenId as string };
    const { stream, send } = streams.start(
      owner,
      () => unsubscribe(),
      () => ctx.req.socket.destroy(),
    );
    unsubscribe = h.events.subscribe((event) => {
      if (mayReceive(user, event, lookup, only)) send(formatEvent(event));
    });
    ctx.req.socket.setTimeout(0);
    ctx.req.socket.setNoDelay(true);
    // The response's close, not the request's: a GET's request closes as soon as it is read.
    ctx.res.once('close', () => stream.end());
    ctx.set('Cache-Control', 'no-cache, no-transform');
    ctx.set('X-Accel-Buffering', 'no');
    ctx.type = 'text/event-stream';
    ctx.status = 200;
    ctx.body = stream;
  });
  return router;
}
