/**
 * The dead-export check, part of `npm run check`: knip lists exports, exported types and files
 * nothing imports. An export used only in its own file counts as used (drop the `export` when you
 * see one). `npm run -s house` counts them without the exceptions.
 */
import type { KnipConfig } from 'knip';

/**
 * TEMPORARY exceptions: the files that held an export nothing used when the check came in, and
 * which kind of finding. The list only shrinks: remove the export, then delete its line. Empty now.
 */
export const DEAD_EXPORT_EXCEPTIONS: Record<string, ('exports' | 'types' | 'files')[]> = {};

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
