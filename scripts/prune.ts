/**
 * `npm run prune -- [--phase archive|delete|all] [--archive-dir DIR] [--date D]`: retention. Days
 * older than CINERADAR_RETENTION_DAYS are archived as `{DIR}/{date}.ndjson.gz` and then removed from
 * the store (scripts/retention/prune.ts; format and rules in docs/operations.md#retention).
 */
import { ArgsError, argChoice, argDate, argInt } from '../shared/args.js';
import { jakartaDate } from '../shared/clock.js';
import { counted } from '../shared/words.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';
import { DEFAULT_RETENTION_DAYS } from '../scrapers/seats/budget.js';
import { lastPrunableDay } from './retention/days.js';
import { DEFAULT_MAX_DAYS, DEFAULT_MAX_DELETES, MIN_KEEP_DAYS } from './retention/limits.js';
import type { PruneOptions, PrunePhase } from './retention/prune.js';

export const PHASES: readonly PrunePhase[] = ['archive', 'delete', 'all'];

export const command = defineCommand({
  name: 'prune',
  invoke: 'npm run prune --',
  summary: 'archives each day older than the retention window to DIR/{date}.ndjson.gz, then deletes it from the store',
  docs: 'docs/operations.md#retention',
  description:
    'Keeps CINERADAR_RETENTION_DAYS days (today included) of the dated collections: snapshots/{date}, schedules/{date}, ' +
    'seat_snapshots of the day, seat_days/{date}, seat_index/{date}, daily_summaries/{date}, daily_admissions/{date} and the ' +
    "day's run records. Older days are first written, every document with its path and Firestore types, to DIR/{date}.ndjson.gz " +
    '(listed in DIR/manifest.json), then deleted by path. Never touches snapshots/latest, theatres, auth_tokens or geocode_cache. ' +
    'The workflow runs --phase archive, uploads DIR to the archive release of the repository, then --phase delete. `npm run restore` puts a day back.',
  options: {
    phase: {
      type: 'string',
      value: 'archive|delete|all',
      default: 'all',
      description: 'archive only, delete archived days only, or both',
    },
    'archive-dir': {
      type: 'string',
      value: 'DIR',
      default: './archive',
      description: 'where the day files and manifest.json are',
    },
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      defaultText: `every day of --lookback before the window`,
      description: 'only this day (older than the window; a day inside it is a usage error, exit 2)',
    },
    'keep-days': {
      type: 'string',
      value: 'N',
      defaultText: `$CINERADAR_RETENTION_DAYS, else ${DEFAULT_RETENTION_DAYS}`,
      description: 'days kept in the store, today included',
    },
    lookback: {
      type: 'string',
      value: 'N',
      default: '30',
      description: 'days before the window a run looks at (archived days are skipped)',
    },
    'max-days': {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_MAX_DAYS),
      description: 'days with documents archived in one run at most (a backlog is worked off night by night)',
    },
    'max-deletes': {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_MAX_DELETES),
      description: 'deletes in one run at most (the free tier allows 20,000 a day); a day resumes where it stopped',
    },
  },
  env: [...STORE_ENV, 'CINERADAR_RETENTION_DAYS', 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: {
    0: 'every day considered is archived (and deleted, unless --phase archive)',
    1: 'a day failed (named, with its reason; the others went on)',
    ...USAGE_EXIT,
  },
  examples: [
    'npm run prune -- --phase archive --archive-dir archive',
    'CINERADAR_RETENTION_DAYS=30 npm run prune -- --date 2026-01-19',
  ],
});

export function pruneOptions(
  { values }: Parsed<typeof command.options>,
  env: NodeJS.ProcessEnv = process.env,
): PruneOptions {
  const keepFlag = values['keep-days'] !== undefined;
  return {
    phase: argChoice(values.phase, '--phase', PHASES, 'all'),
    archiveDir: values['archive-dir'] ?? './archive',
    date: argDate(values.date),
    keepDays: argInt(
      keepFlag ? values['keep-days'] : env.CINERADAR_RETENTION_DAYS || undefined,
      keepFlag ? '--keep-days' : 'CINERADAR_RETENTION_DAYS',
      { min: MIN_KEEP_DAYS, max: 3650, fallback: DEFAULT_RETENTION_DAYS },
    )!,
    lookback: argInt(values.lookback, '--lookback', { min: 1, max: 3650, fallback: 30 })!,
    maxDays: argInt(values['max-days'], '--max-days', { min: 1, max: 3650, fallback: DEFAULT_MAX_DAYS })!,
    maxDeletes: argInt(values['max-deletes'], '--max-deletes', { min: 1, fallback: DEFAULT_MAX_DELETES })!,
  };
}

/** `--date D` inside the retention window is a usage error: prune never removes a day the store keeps. */
export function checkPruneDate(o: PruneOptions, now: Date): void {
  const last = lastPrunableDay(jakartaDate(now), o.keepDays);
  if (o.date && o.date > last) {
    throw new ArgsError(
      `--date ${o.date} is inside the retention window: the newest day prune may remove is ${last} (${o.keepDays} days kept, today included)`,
    );
  }
}

export async function runPruneCommand(
  rt: Runtime,
  o: PruneOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  const { NO_DOCUMENTS, runPrune } = await import('./retention/prune.js');
  const result = await runPrune(
    { store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary },
    o,
  );
  for (const d of result.days) {
    if (d.error) out(`prune ${d.date}: failed: ${d.error}\n`);
    else if (d.archived !== undefined || d.deleted !== undefined)
      out(`prune ${d.date}: ${d.archived ?? 0} archived, ${d.deleted ?? 0} deleted\n`);
  }
  const last = lastPrunableDay(jakartaDate(rt.clock.now()), o.keepDays);
  const empty = result.days.filter((d) => d.note === NO_DOCUMENTS).length;
  const busy = result.days.filter((d) => d.archived !== undefined || d.deleted !== undefined).length;
  out(
    `prune: ${counted(result.days.length, 'day')} looked at (up to ${last}, ${o.keepDays} days kept): ${busy} archived or deleted, ${empty} held no documents\n`,
  );
  return result.run.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, PruneOptions>({
    def: command,
    options: (p) => pruneOptions(p),
    check: checkPruneDate,
    run: (rt, o) => runPruneCommand(rt, o),
    starting: (o) =>
      `prune: ${o.phase}, keeping ${o.keepDays} days${o.date ? `, only ${o.date}` : ''}, archive in ${o.archiveDir}`,
  });
}
