import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { COVERAGE_FLOOR } from './scripts/coverage-floor.js';

type CoverageOptions = NonNullable<NonNullable<ViteUserConfig['test']>['coverage']>;

// The floor lives in a module of its own so scripts/coverage-summary.ts (a CLI) reads it without
// loading vitest.
export { COVERAGE_FLOOR } from './scripts/coverage-floor.js';

/**
 * V8 coverage, measured on every CI run: `npm test` with CI set (GitHub Actions, `bash .ci/run`).
 * Locally it is off (faster); `npx vitest run --coverage` turns it on. The thresholds apply to the
 * whole suite: in CI a run of a few files needs `--coverage.enabled=false`.
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

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // One Firestore emulator for the whole run (or the one FIRESTORE_EMULATOR_HOST names).
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files run in parallel, but these machines have two cores.
    pool: 'forks',
    maxWorkers: 2,
    coverage: COVERAGE,
  },
});
