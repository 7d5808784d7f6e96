import { defineConfig } from 'vitest/config';

/**
 * One runner for everything. Projects:
 *  - unit:     tests with no database (*.test.ts not named *.db.test.ts)
 *  - pglite:   database tests (*.db.test.ts) on the embedded database
 *  - postgres: the same database tests on TEST_DATABASE_URL, when it is set
 *  - browser:  journeys in a real Chromium (tests/e2e/*.e2e.test.ts)
 */
const postgres = process.env.TEST_DATABASE_URL;
const dbTests = ['src/**/*.db.test.ts', 'tests/integration/**/*.db.test.ts'];

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: dbTests,
        },
      },
      {
        test: {
          name: 'pglite',
          include: dbTests,
          env: { HEARTH_TEST_DB: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...(postgres
        ? [
            {
              test: {
                name: 'postgres',
                include: dbTests,
                env: { HEARTH_TEST_DB: 'postgres' },
                testTimeout: 30_000,
                hookTimeout: 60_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
