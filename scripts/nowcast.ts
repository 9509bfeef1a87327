/**
 * `npm run nowcast -- [--at HH:MM] [--date YYYY-MM-DD]`: today's box office before the evening
 * (docs/nowcast.md): each movie's and the day's final admissions and gross as a point and
 * an 80 % interval, from the day's readings so far and the walk-up ratios of the 28 days before →
 * `box_office_nowcast/{date}_{HHMM}` and a run record (run_type 'nowcast'). The work is in
 * scripts/nowcast/run.ts; the options are defined once in `command`.
 */
import { ArgsError, argDate } from '../shared/args.js';
import { defineCommand, isMain, LOG_ENV, startCommand, STORE_ENV, USAGE_EXIT, type Parsed } from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';

export const command = defineCommand({
  name: 'nowcast',
  invoke: 'npm run nowcast --',
  summary: "today's box office before the evening, with an 80% interval → box_office_nowcast/{date}_{HHMM}",
  description: `Estimates each movie's and the day's final admissions and gross at a Jakarta time: shows already started count as
measured (their last reading before start), the rest as their 06:00 seats × the walk-up ratio learned from the box office of
the 28 days before (by chain, start-hour band, weekday/weekend and week of run, with a fallback ladder). Writes
box_office_nowcast/{date}_{HHMM} and a run record naming every fallback; the nightly summary scores it (docs/nowcast.md).`,
  options: {
    at: {
      type: 'string',
      value: 'HH:MM',
      defaultText: 'now in Asia/Jakarta',
      description: 'the Jakarta time of the estimate (shows starting before it count as measured)',
    },
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      defaultText: 'today in Asia/Jakarta',
      description: 'the day to estimate',
    },
  },
  env: [...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
  exitCodes: {
    0: 'the nowcast was written (partial when it fell back to the prior or a chain had no morning reading)',
    1: 'refused with a named reason (no shows, no readings, the morning pass failed), or the write failed',
    ...USAGE_EXIT,
  },
  examples: ['npm run nowcast', 'npm run nowcast -- --at 12:00', 'npm run nowcast -- --date 2026-01-19 --at 18:00'],
});

export interface NowcastCliOptions {
  date: string | undefined;
  at: string | undefined;
}

export function nowcastOptions({ values }: Parsed<typeof command.options>): NowcastCliOptions {
  const at = values.at;
  if (at !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(at))
    throw new ArgsError(`--at must be a zero-padded Jakarta time HH:MM (e.g. 12:00), got "${at}"`);
  return { date: argDate(values.date), at };
}

export async function runNowcastCommand(rt: Runtime, o: NowcastCliOptions): Promise<number> {
  const { runNowcast } = await import('./nowcast/run.js');
  const result = await runNowcast(
    { store: rt.store, clock: rt.clock, log: rt.log, stepSummaryPath: rt.config.githubStepSummary },
    o,
  );
  return result.run.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, NowcastCliOptions>({
    def: command,
    options: nowcastOptions,
    run: runNowcastCommand,
    starting: (o) => `nowcast: starting${o.date ? ` for ${o.date}` : ''}${o.at ? ` at ${o.at}` : ''}`,
  });
}
