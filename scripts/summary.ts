/**
 * `npm run summary -- [--date YYYY-MM-DD] [--recompute-from YYYY-MM-DD]` (default: today in
 * Asia/Jakarta; the nightly workflow passes yesterday): the day's box office (`box_office/{date}`)
 * and its public totals (`daily_summaries/{date}`, `daily_admissions/{date}/movies/{movie_id}`)
 * from one computation (scripts/summary/run.ts, scripts/box-office/), and a `scraper_runs` document
 * with run_type 'summary'. The options are defined once in `command`.
 */
import { argDate } from '../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';

export const command = defineCommand({
  name: 'summary',
  invoke: 'npm run summary --',
  summary: "the day's box office → box_office/{date}, daily_summaries/{date}, daily_admissions/{date}/movies/*",
  description: `Computes the day's box office from its seat readings (each show's last reading before its local start, from the ~35
slot documents of seat_days/{date}), the schedules' showtimes (room category and listed price of every show) and the movies
list (genres), with change and cumulative figures from the box office of the 8 days before; writes it with the daily summary
and the per-movie admissions (the same computation) in one batch, and records a scraper_runs document.`,
  options: {
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      defaultText: 'today in Asia/Jakarta',
      description: 'the day to compute (the nightly workflow passes yesterday)',
    },
    'recompute-from': {
      type: 'string',
      value: 'YYYY-MM-DD',
      description:
        'then recompute the change, cumulative and day-of-run figures of every stored box_office day after --date, from this day on (after re-running an earlier day)',
    },
  },
  env: [...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: {
    0: 'the summary was written',
    1: 'nothing was written (no seat readings for the day, or the write failed)',
    ...USAGE_EXIT,
  },
  examples: [
    'npm run summary',
    'npm run summary -- --date 2026-01-19',
    'npm run summary -- --date 2026-01-19 --recompute-from 2026-01-20',
  ],
});

export interface SummaryCliOptions {
  date: string | undefined;
  recomputeFrom: string | undefined;
}

export function summaryOptions({ values }: Parsed<typeof command.options>): SummaryCliOptions {
  return { date: argDate(values.date), recomputeFrom: argDate(values['recompute-from'], '--recompute-from') };
}

export async function runSummaryCommand(rt: Runtime, o: SummaryCliOptions): Promise<number> {
  const { runSummary } = await import('./summary/run.js');
  const result = await runSummary(
    { store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary },
    o,
  );
  return result.run.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, SummaryCliOptions>({
    def: command,
    options: summaryOptions,
    run: runSummaryCommand,
    starting: (o) => `summary: starting${o.date ? ` for ${o.date}` : ''}`,
  });
}
