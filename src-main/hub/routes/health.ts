/** `GET /health` (public, as the Rust client expects) and `GET /metrics` (any valid token). */
import Router from '@koa/router';
import type { HubContext } from '../types.js';

export function healthRouter(h: HubContext): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = 'OK';
  });
  router.get('/metrics', (ctx) => {
    ctx.type = 'text/plain; version=0.0.4';
    ctx.body = h.metrics.render();
  });
  return router;
}
