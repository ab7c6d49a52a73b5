import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    // vitest's summary, then one plain `N passed, N failed` line for CI logs
    reporters: ['default', './test/support/summary-reporter.ts'],
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local and one fauxqs for the whole run; each test file provisions its own prefix.
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    // Two cores here, and DynamoDB Local (Java) wants one of them.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
