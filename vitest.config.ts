import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Two projects: Node tests (unit, integration, e2e) stay in plain Node, and only the renderer's
// component tests pay for jsdom.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './test/closing-line-reporter.ts'],
    pool: 'forks',
    // The hub checks every JSON answer against its route's schema (src-main/hub/mount.ts).
    env: { AUXIN_CHECK_RESPONSES: '1' },
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'renderer',
          include: ['src-renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
        },
      },
    ],
  },
});
