import { describe, expect, it } from 'vitest';
import {
  AcquireRequestSchema,
  DEFAULT_LOCK_TTL_SECONDS,
  ReleaseRequestSchema,
  requestedTtlSeconds,
} from '../../src-shared/api/locks.js';
import { parseDuration } from '../../src-main/client/locks.js';

describe('lock request contract', () => {
  it('accepts the earlier client body and ignores fields it does not use', () => {
    const body = AcquireRequestSchema.parse({
      user: 'ana@mac',
      machine_id: 'mac',
      timeout_hours: 4,
      surprise: { deep: true },
    });
    expect(body).toEqual({ user: 'ana@mac', machine_id: 'mac', timeout_hours: 4 });
    expect(requestedTtlSeconds(body)).toBe(4 * 3600);
    expect(
      ReleaseRequestSchema.parse({ lock_id: 'x', user: 'u', machine_id: 'm', extra: 1 }),
    ).toEqual({
      lock_id: 'x',
      user: 'u',
      machine_id: 'm',
    });
  });

  it('prefers ttl_seconds, defaults to 4 hours, and refuses nonsense', () => {
    expect(requestedTtlSeconds({ ttl_seconds: 90, timeout_hours: 4 })).toBe(90);
    expect(requestedTtlSeconds({})).toBe(DEFAULT_LOCK_TTL_SECONDS);
    expect(requestedTtlSeconds({ timeout_hours: 0.5 })).toBe(1800);
    for (const bad of [
      { machine_id: 'm', ttl_seconds: 0 },
      { machine_id: 'm', ttl_seconds: 1.5 },
      { machine_id: 'm', timeout_hours: 0 },
      { machine_id: 'm', timeout_hours: 24 * 365 },
      { machine_id: '   ' },
      { machine_id: 'm', ttl_seconds: '60' },
      {},
    ]) {
      expect(AcquireRequestSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('reads durations the CLI accepts', () => {
    expect(parseDuration('4h')).toBe(14400);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('2d')).toBe(172800);
    expect(parseDuration('45')).toBe(45);
    expect(parseDuration('1.5h')).toBe(5400);
    for (const bad of ['', '0', '-1h', 'h', '4 hours', '1w']) {
      expect(() => parseDuration(bad), bad).toThrow(/not a duration/);
    }
  });
});
