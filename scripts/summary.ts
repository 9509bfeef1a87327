/**
 * `npm run summary -- [--date YYYY-MM-DD]` (default: today in Asia/Jakarta; the nightly workflow
 * passes yesterday): totals the day's seat readings (seat_days/{date}/slots) into `daily_summaries/{date}` and
 * `daily_admissions/{date}/movies/{movie_id}` (scripts/summary/run.ts does it), and records a
 * `scraper_runs` document with run_type 'summary'. The options are defined once in `command`.
 */
import { argDate } from '../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';

export const command = defineCommand({
  name: 'summary',
  invoke: 'npm run summary --',
  summary: "the day's totals → daily_summaries/{date}, daily_admissions/{date}/movies/*",
  description: `Totals the day's seat readings (each show's latest, from the ~35 slot documents of seat_days/{date}) into the daily
summary and the per-movie admissions, written together, and records a scraper_runs document.`,
  options: {
    date: { type: 'string', value: 'YYYY-MM-DD', defaultText: 'today in Asia/Jakarta', description: 'the day to total (the nightly workflow passes yesterday)' },
  },
  env: [...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: { 0: 'the summary was written', 1: 'nothing was written (no seat readings for the day, or the write failed)', ...USAGE_EXIT },
  examples: ['npm run summary', 'npm run summary -- --date 2026-01-19'],
});

export interface SummaryCliOptions {
  date: string | undefined;
}

export function summaryOptions({ values }: Parsed<typeof command.options>): SummaryCliOptions {
  return { date: argDate(values.date) };
}

export async function runSummaryCommand(rt: Runtime, o: SummaryCliOptions): Promise<number> {
  const { runSummary } = await import('./summary/run.js');
  const result = await runSummary({ store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary }, o);
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
