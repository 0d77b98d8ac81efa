import { describe, expect, it } from 'vitest';
import { nestsAtMost } from '../../src-shared/api/common.js';
import { ClientMetadataBodySchema } from '../../src-shared/api/metadata.js';

const nest = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { a: v };
  return v;
};

describe('nestsAtMost', () => {
  it('counts objects and arrays, not scalars', () => {
    expect(nestsAtMost(1, 0)).toBe(true);
    expect(nestsAtMost({}, 0)).toBe(false);
    expect(nestsAtMost({}, 1)).toBe(true);
    expect(nestsAtMost(nest(32), 32)).toBe(true);
    expect(nestsAtMost(nest(33), 32)).toBe(false);
    const wide = { wide: Array.from({ length: 1000 }, () => ({ x: [1] })) }; // 4 levels
    expect(nestsAtMost(wide, 4)).toBe(true);
    expect(nestsAtMost(wide, 3)).toBe(false);
  });

  it('walks 100,000 levels without overflowing the stack', () => {
    expect(nestsAtMost(nest(100_000), 32)).toBe(false);
  });

  it("bounds metadata's free-form custom field", () => {
    expect(ClientMetadataBodySchema.safeParse({ custom: { a: nest(31) } }).success).toBe(true);
    expect(ClientMetadataBodySchema.safeParse({ custom: { a: nest(40) } }).success).toBe(false);
    expect(ClientMetadataBodySchema.safeParse({ custom: null }).success).toBe(true);
  });
});
