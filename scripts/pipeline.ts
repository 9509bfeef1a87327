/**
 * `npm run pipeline -- [--date D] [--city NAME]… [--seat-mode morning|jit|final] [--jit-window N]`
 *
 * The daily job in one process: token (a logged-in access token from the token manager: the
 * stored one, refreshed, or a browser login) → movies → schedules → seats, each step calling its
 * scraper's exported function, all sharing one TIX.id client (one limiter, so TIX_RPS and
 * TIX_CONCURRENCY hold for the whole job) and one store. A failed step stops the job with a clear
 * message; a partial one (some cities or showtimes failed) does not. Prints a table of the steps
 * (status, duration, requests) on stdout and appends it to $GITHUB_STEP_SUMMARY when set.
 *
 * Exit codes: 0 every step succeeded or was partial; 1 a step failed; 2 usage/configuration error.
 */
import { appendFile } from 'node:fs/promises';
import { ArgsError, argCities, argDate, argInt, parseArgs } from '../shared/args.js';
import { isMain, runCli, type Runtime } from '../shared/runtime.js';
import { SEAT_MODES, type SeatMode } from '../scrapers/seats/select.js';
import { pipelineExitCode, stepTable, verdict, type StepName, type StepRecord } from './pipeline/outcome.js';
import { openSession, runSteps, type StepOptions } from './pipeline/steps.js';

export const USAGE = 'usage: npm run pipeline -- [--date YYYY-MM-DD] [--city NAME]… [--seat-mode morning|jit] [--jit-window MINUTES]';

/** The steps of the job for a seat mode: the morning job reads every seat, a JIT job only the due ones. */
export function pipelineSteps(seatMode: SeatMode): StepName[] {
  if (seatMode === 'final') throw new ArgsError('--seat-mode final belongs to the JIT workflow (npm run scrape:seats -- --mode final), not the daily job');
  return ['token', 'movies', 'schedules', seatMode === 'jit' ? 'seats-jit' : 'seats-morning'];
}

/** Markdown for $GITHUB_STEP_SUMMARY. */
export function pipelineMarkdown(records: readonly StepRecord[]): string {
  return `### Daily pipeline\n\n${verdict(records)}\n\n\`\`\`\n${stepTable(records)}\n\`\`\`\n`;
}

export async function pipelineMain(rt: Runtime, argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const { values } = parseArgs(argv, {
    date: { type: 'string' },
    city: { type: 'string', multiple: true },
    'seat-mode': { type: 'string' },
    'jit-window': { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    out(`${USAGE}\n`);
    return 0;
  }
  const seatMode = (values['seat-mode'] ?? 'morning') as SeatMode;
  if (!SEAT_MODES.includes(seatMode)) throw new ArgsError(`--seat-mode must be morning or jit (${USAGE})`);
  const steps = pipelineSteps(seatMode);
  const opts: StepOptions = {
    date: argDate(values.date),
    cities: argCities(values.city),
    jitWindowMinutes: argInt(values['jit-window'], '--jit-window', { min: 1, max: 24 * 60 }),
  };
  if (opts.jitWindowMinutes !== undefined && seatMode !== 'jit') throw new ArgsError('--jit-window applies to --seat-mode jit only');

  const deps = { config: rt.config, store: rt.store, clock: rt.clock, log: rt.log };
  rt.log.info(
    { steps, date: opts.date, cities: opts.cities?.map((c) => c.name), rps: rt.config.tix.rps, concurrency: rt.config.tix.concurrency },
    `pipeline: ${steps.join(' → ')}`,
  );
  const session = await openSession(deps);
  let records: StepRecord[];
  try {
    records = await runSteps(steps, deps, session, opts);
  } finally {
    session.close();
  }
  out(`\n${stepTable(records)}\n\n${verdict(records)}\n`);
  if (rt.config.githubStepSummary) {
    await appendFile(rt.config.githubStepSummary, pipelineMarkdown(records)).catch((err: unknown) =>
      rt.log.warn({ err }, 'could not append to GITHUB_STEP_SUMMARY'),
    );
  }
  return pipelineExitCode(records);
}

if (isMain(import.meta.url)) void runCli('pipeline', pipelineMain);
