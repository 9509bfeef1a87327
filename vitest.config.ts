import { defineConfig, type ViteUserConfig } from 'vitest/config';

type CoverageOptions = NonNullable<NonNullable<ViteUserConfig['test']>['coverage']>;

/**
 * The coverage floor, in percent over scrapers/ and shared/: lines and branches, each at least the
 * 70% the project asks for, set just under what the whole suite measured when the floor came in
 * (2026-12-02: lines 91.48%, branches 80.47%, `CI=true npx vitest run`), leaving ~3 points for the
 * work landing the same day. Raise it when coverage rises, never lower it.
 * tests/coverage-gate.test.ts proves a project under it fails.
 */
export const COVERAGE_FLOOR = { lines: 88, branches: 77 } as const;

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
