import { defineConfig } from 'vitest/config';

/**
 * One project per tier, so that `vitest run --project unit` (npm run test:unit) starts nothing but
 * the tests; only the platform project (integration and e2e) starts DynamoDB Local and fauxqs.
 */
export default defineConfig({
  test: {
    // vitest's summary, then one plain `N passed, N failed` line for CI logs
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Two cores here, and DynamoDB Local (Java) wants one of them.
    maxWorkers: 2,
    // stopping DynamoDB Local and fauxqs after the platform project
    teardownTimeout: 30_000,
    projects: [
      'vitest.unit.config.ts',
      {
        extends: true,
        test: {
          name: 'infra',
          environment: 'node',
          include: ['test/infra/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'platform',
          environment: 'node',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // One DynamoDB Local and one fauxqs for integration and e2e together; each test file
          // provisions its own prefix.
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
