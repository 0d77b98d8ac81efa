/** `GET /health` (no token: the earlier client checks it) and `GET /metrics` (Prometheus text). */
import { defineRoute } from './route.js';

export const healthRoutes = {
  health: defineRoute({ method: 'GET', path: '/health', kind: 'binary', public: true }),
  metrics: defineRoute({ method: 'GET', path: '/metrics', kind: 'binary' }),
};
