/** `GET /health` (public, as the Rust client expects) and `GET /metrics` (any valid token). */
import Router from '@koa/router';
import { healthRoutes } from '../../../src-shared/api/health.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

export function healthRouter(h: HubContext): Router {
  const router = new Router();
  mount(router, healthRoutes.health, (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = 'OK';
  });
  mount(router, healthRoutes.metrics, (ctx) => {
    ctx.type = 'text/plain; version=0.0.4';
    ctx.body = h.metrics.render();
  });
  return router;
}
