import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { COVERAGE_FLOOR } from './scripts/coverage-floor.js';

type CoverageOptions = NonNullable<NonNullable<ViteUserConfig['test']>['coverage']>;

// The floor lives in a module of its own so scripts/coverage-summary.ts (a CLI) reads it without
// loading vitest.
export { COVERAGE_FLOOR } from './scripts/coverage-floor.js';

/**
 * V8 coverage, measured on every CI run: `npm test` with CI set (GitHub Actions, `bash .ci/run`).
 * Locally it is off (faster); `npx vitest run --coverage` turns it on. The thresholds apply to the
 * whole suite (both projects): in CI a run of a few files or of one project needs
 * `--coverage.enabled=false`.
 */
export const COVERAGE: CoverageOptions = {
  provider: 'v8',
  enabled: Boolean(process.env.CI),
  include: ['scrapers/**/*.ts', 'shared/**/*.ts'],
  reportsDirectory: 'coverage',
  // text-summary for the log, json-summary for the step summary (scripts/coverage-summary.ts), html for the artifact
  reporter: ['text-summary', 'json-summary', 'html'],
  // a failed run still leaves its report (the artifact shows what the failing tests did cover)
  reportOnFailure: true,
  thresholds: { ...COVERAGE_FLOOR },
};

/**
 * The unit project: tests that need no Firestore emulator (so no Java), no Chromium and no
 * simulator-plus-store world; `npm run test:unit` runs it alone in well under a minute. Every other
 * test file is in the integration project, which starts the emulator. A new test file is
 * integration unless listed here; tests/test-projects.test.ts checks the list names real files and
 * that none of them reaches for the emulator.
 */
export const UNIT_TESTS = [
  'tests/alert.test.ts',
  'tests/args.test.ts',
  'tests/box-office/basics.test.ts',
  'tests/box-office/daily.test.ts',
  'tests/box-office/day.test.ts',
  'tests/box-office/shows.test.ts',
  'tests/clock.test.ts',
  'tests/dataset/docs.test.ts',
  'tests/dataset/pull.test.ts',
  'tests/dataset/sql.test.ts',
  'tests/dataset/write.test.ts',
  'tests/config.test.ts',
  'tests/geocode/unit.test.ts',
  'tests/nowcast/model.test.ts',
  'tests/nowcast/fallbacks.test.ts',
  'tests/health-reads.test.ts',
  'tests/indexes.test.ts',
  'tests/log.test.ts',
  'tests/movies/merge.test.ts',
  'tests/progress.test.ts',
  'tests/repo-files.test.ts',
  'tests/retention/unit.test.ts',
  'tests/run/causes.test.ts',
  'tests/run/ids.test.ts',
  'tests/run/monitor.test.ts',
  'tests/run/report.test.ts',
  'tests/run/request-stats.test.ts',
  'tests/run/verdict.test.ts',
  'tests/runtime.test.ts',
  'tests/schedules/build.test.ts',
  'tests/schedules/paging.test.ts',
  'tests/seats/day-index.test.ts',
  'tests/seats/occupancy.test.ts',
  'tests/seats/readings.test.ts',
  'tests/seats/select.test.ts',
  'tests/shard.test.ts',
  'tests/step-failure.test.ts',
  'tests/test-projects.test.ts',
  'tests/sim/api.test.ts',
  'tests/sim/data.test.ts',
  'tests/sim/faults.test.ts',
  'tests/sim/national.test.ts',
  'tests/sim/season.test.ts',
  'tests/http/breaker.test.ts',
  'tests/http/limiter.test.ts',
  'tests/http/retry.test.ts',
  'tests/tix/client-parts.test.ts',
  'tests/tix/client.test.ts',
  'tests/tix/decide.test.ts',
  'tests/tix/request-log.test.ts',
  'tests/tix/unreachable.test.ts',
  'tests/token/jwt.test.ts',
  'tests/token/redact.test.ts',
  'tests/workflows.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel, but these machines have two cores.
    pool: 'forks',
    maxWorkers: 2,
    coverage: COVERAGE,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT_TESTS } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: UNIT_TESTS,
          // One Firestore emulator for the whole run (or the one FIRESTORE_EMULATOR_HOST names).
          globalSetup: ['tests/global-setup.ts'],
        },
      },
    ],
  },
});
