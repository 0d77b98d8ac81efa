/** `GET /api/hub/address` (admins): where teammates reach this hub, for the settings page. */
import * as os from 'node:os';
import Router from '@koa/router';
import { hubRoutes } from '../../../src-shared/api/hub.js';
import { requireRole } from '../auth.js';
import { lanAddress } from '../lan-address.js';
import { mount } from '../mount.js';
import type { HubContext } from '../types.js';

export function hubRouter(h: HubContext): Router {
  const router = new Router();
  mount(router, hubRoutes.address, (ctx) => {
    requireRole(ctx, 'admin');
    // The port this request came in on is the one the hub listens on (it runs with proxy: false;
    // a configured port of 0 is only known once bound).
    const port = ctx.req.socket.localPort ?? h.config.port;
    return lanAddress(h.config.host, port, os.networkInterfaces(), h.config.tls);
  });
  return router;
}
