import { spawnSync } from 'node:child_process';

export { startRedis, type RedisServer } from '../../bench/lib/redis-server.js';

/** Why a real redis-server cannot run here, or null when it can. */
export function redisUnavailable(): string | null {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    return 'redis-server is not installed (apt-get install -y redis-server); Redis lock tests skipped';
  }
  return null;
}
