/**
 * The coverage floor, in percent over scrapers/ and shared/: lines and branches, each at least the
 * 70% the project asks for, set just under what the whole suite measured when the floor came in
 * (2026-12-02: lines 91.48%, branches 80.47%, `CI=true npx vitest run`), leaving ~3 points for the
 * work landing the same day. Raise it when coverage rises, never lower it.
 * tests/coverage-gate.test.ts proves a project under it fails.
 */
export const COVERAGE_FLOOR = { lines: 88, branches: 77 } as const;
