import { availableParallelism } from 'node:os';
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

/**
 * Test files in one worker share its loaded modules (isolate: false). Loading the whole app again for each file was
 * about a third of the suite's CPU time. It is safe because no test file mocks a module or changes process.env, every
 * file builds its own database and app, and the only module state is read-once caches (tenant files, nicknames,
 * fonts, the test database template). A test that fakes timers restores them after each test.
 */
const isolated = false;

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // One test file per core. Vitest's default (cores - 1) left one of a 2-core machine's cores idle and ran the
    // browser journeys one after another at the end: the suite took twice as long. Every file has its own database
    // (PGlite in memory, or a scratch PostgreSQL database) and its own server on a free port, so files run side by side.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          isolate: isolated,
          include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'tests/unit/**/*.test.ts'],
          exclude: dbTests,
          // A PDF or a lint run takes seconds on a busy 2-core machine: a time limit, not a speed test.
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'pglite',
          isolate: isolated,
          include: dbTests,
          env: { HEARTH_TEST_DB: 'pglite' },
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      ...(postgres
        ? [
            {
              test: {
                name: 'postgres',
                isolate: isolated,
                include: dbTests,
                env: { HEARTH_TEST_DB: 'postgres' },
                testTimeout: 60_000,
                hookTimeout: 120_000,
              },
            },
          ]
        : []),
      {
        test: {
          name: 'browser',
          isolate: isolated,
          include: ['tests/e2e/**/*.e2e.test.ts'],
          // Generous: two journeys (each a server and a Chromium) share the machine with the database tests.
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // Unpacks the npm Chromium once, before journeys run side by side (tests/e2e/support/global-setup.ts).
          globalSetup: ['./tests/e2e/support/global-setup.ts'],
        },
      },
    ],
  },
});
