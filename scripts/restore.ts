/**
 * `npm run restore -- --date D [--archive-dir DIR] [--dry-run]`: puts a day that `npm run prune`
 * archived back into the store, every document exactly as it was (scripts/retention/restore.ts).
 */
import { argDate } from '../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';
import type { RestoreOptions } from './retention/restore.js';

export const command = defineCommand({
  name: 'restore',
  invoke: 'npm run restore --',
  summary: 'puts an archived day (DIR/{date}.ndjson.gz) back into the store, types included',
  docs: 'docs/operations.md#retention',
  description:
    'Reads DIR/{date}.ndjson.gz, checks it against DIR/manifest.json (SHA-256, document count), and writes every document ' +
    'back with its Firestore types, 500 at a time. A national day is ~13,000 writes: most of a free-tier day (20,000), so ' +
    'restore after the JIT passes (late evening WIB) or on a paid plan. Get the files first: gh release download archive ' +
    '--pattern manifest.json --pattern {date}.ndjson.gz --dir DIR. The day stays until removed with prune --phase delete --date.',
  options: {
    date: { type: 'string', required: true, value: 'YYYY-MM-DD', description: 'the archived day to put back' },
    'archive-dir': {
      type: 'string',
      value: 'DIR',
      default: './archive',
      description: 'where the day files and manifest.json are (files downloaded from the archive release)',
    },
    'dry-run': { type: 'boolean', description: 'read and check the archive, write nothing' },
  },
  env: [...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: {
    0: 'every document was written (or, with --dry-run, the archive is whole)',
    1: 'the archive is missing or damaged, or some documents were not written',
    ...USAGE_EXIT,
  },
  examples: [
    'npm run restore -- --date 2026-01-19 --archive-dir archive',
    'npm run restore -- --date 2026-01-19 --dry-run',
  ],
});

export function restoreOptions({ values }: Parsed<typeof command.options>): RestoreOptions {
  return {
    date: argDate(values.date)!,
    archiveDir: values['archive-dir'] ?? './archive',
    dryRun: values['dry-run'] === true,
  };
}

export async function runRestoreCommand(
  rt: Runtime,
  o: RestoreOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  const { missingArchive, runRestore } = await import('./retention/restore.js');
  const missing = await missingArchive(o.archiveDir, o.date);
  if (missing) {
    process.stderr.write(`restore ${o.date}: ${missing}\n`);
    return 1;
  }
  const r = await runRestore(
    { store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary },
    o,
  );
  out(
    `restore ${o.date}: ${o.dryRun ? `${r.documents} documents, archive whole (dry run)` : `${r.written} of ${r.documents} documents written`}\n`,
  );
  return r.run.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, RestoreOptions>({
    def: command,
    options: restoreOptions,
    run: (rt, o) => runRestoreCommand(rt, o),
    starting: (o) => `restore: ${o.date} from ${o.archiveDir}${o.dryRun ? ' (dry run)' : ''}`,
  });
}
