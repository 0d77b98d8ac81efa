import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/closing-line-reporter.ts'],
    pool: 'forks',
    // The hub checks every JSON answer against its route's schema (src-main/hub/mount.ts).
    env: { AUXIN_CHECK_RESPONSES: '1' },
  },
});
