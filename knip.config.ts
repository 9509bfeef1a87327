/**
 * The dead-export check (issue 21), part of `npm run check`: knip lists exports, exported types and
 * files nothing imports. An export used only in its own file counts as used (drop the `export`
 * when you see one). `npm run -s house` counts them without the exceptions.
 */
import type { KnipConfig } from 'knip';

/**
 * TEMPORARY exceptions: the files that held an export nothing used when the check came in, and
 * which issue type. The list only shrinks: remove the export, then delete its line.
 */
export const DEAD_EXPORT_EXCEPTIONS: Record<string, ('exports' | 'types' | 'files')[]> = {
  'scrapers/geocode/cache.ts': ['exports'], // cachePath
  'scrapers/seats/summary.ts': ['exports'], // SUMMARY_FIELDS
  'scripts/bench/options.ts': ['exports'], // BenchUsageError
  'scripts/pipeline/outcome.ts': ['exports'], // isStepName
  'shared/args.ts': ['exports'], // runMain
  'shared/geo/http.ts': ['exports'], // describeUrl
  'shared/log.ts': ['exports'], // log
  'shared/store/paths.ts': ['exports'], // LATEST_SNAPSHOT
  'shared/tix/schemas.ts': ['exports'], // LAYOUT_SCHEMAS
  'shared/tix/outcome.ts': ['types'], // OutcomeKind
  'scripts/nowcast/features.ts': ['exports'], // CHAINS
  'tests/nowcast/diag.ts': ['files'], // a diagnostic script nothing runs
  'scripts/box-office/types.ts': ['types'], // row types the box-office work will use
  'scripts/tix-sim/index.ts': ['types'], // SimTheatre, SimMovie, SimCity, SimMovieCity, Endpoint
  'shared/store/typed.ts': ['types'], // SpecialValue
  'shared/tix/errors.ts': ['types'], // TransportCode
};

export const DEAD_EXPORT_CONFIG: KnipConfig = {
  entry: [
    'scripts/*.ts',
    'scripts/**/main.ts',
    'scrapers/*/main.ts',
    'tests/**/*.test.ts',
    'tests/helpers/*.mjs',
    'tests/fixtures/**',
  ],
  project: ['shared/**/*.ts', 'scrapers/**/*.ts', 'scripts/**/*.ts', 'tests/**/*.{ts,mjs}', '*.ts'],
  ignoreExportsUsedInFile: true,
  include: ['files', 'exports', 'types', 'nsExports', 'nsTypes', 'enumMembers', 'duplicates'],
};

export default { ...DEAD_EXPORT_CONFIG, ignoreIssues: DEAD_EXPORT_EXCEPTIONS } satisfies KnipConfig;
