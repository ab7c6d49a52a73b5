import { defineConfig } from 'vitest/config';

/**
 * The unit tier alone: pure code, no DynamoDB Local and no SQS emulator (no globalSetup), so it
 * starts in a second and Stryker can run it once per mutant (stryker.config.json).
 */
export default defineConfig({
  test: {
    name: 'unit',
    environment: 'node',
    // test/support/mutation-run.ts narrows a static pass to the tests of one module
    include: process.env.MUTATION_TESTS?.split(',') ?? ['test/unit/**/*.test.ts'],
    // Forks, not threads: the time-zone tests set process.env.TZ, which a worker thread ignores.
    pool: 'forks',
    maxWorkers: 2,
    // a few tests build multi-megabyte grid bodies, slow on a busy two-core machine
    testTimeout: 30_000,
  },
});
