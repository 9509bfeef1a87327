/**
 * The dead-export check, part of `npm run check`: knip lists exports, exported types and files
 * nothing imports. An export used only in its own file counts as used (drop the `export` when you
 * see one). There are no exceptions; `npm run -s house` counts the findings.
 */
import type { KnipConfig } from 'knip';

export const DEAD_EXPORT_CONFIG = {
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
} satisfies KnipConfig;

export default DEAD_EXPORT_CONFIG;
