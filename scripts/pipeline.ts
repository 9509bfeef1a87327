/**
 * `npm run pipeline -- [--date D] [--city NAME]… [--seat-mode morning|jit] [--jit-window N]`
 *
 * The daily job in one process: token (a logged-in access token from the token manager: the
 * stored one, refreshed, or a browser login) → movies → schedules → seats, each step calling its
 * scraper's exported function, all sharing one TIX.id client (one limiter, so TIX_RPS and
 * TIX_CONCURRENCY hold for the whole job) and one store. A failed step stops the job with a clear
 * message; a partial one (some cities or showtimes failed) does not. Prints a table of the steps
 * (status, duration, requests) on stdout and appends it to $GITHUB_STEP_SUMMARY when set.
 *
 * The options are defined once in `command`; the steps (and with them the scrapers, the client
 * and the store) are imported only once the arguments and configuration are good.
 */
import { appendFile } from 'node:fs/promises';
import { ArgsError, argCities, argDate, argInt } from '../shared/args.js';
import { checkMoviesDate } from '../scrapers/movies/main.js';
import {
  defineCommand,
  isMain,
  LOGIN_ENV,
  parseCommand,
  startCommand,
  USAGE_EXIT,
  type Parsed,
} from '../shared/cli.js';
import type { Runtime } from '../shared/runtime.js';
import { cityOption, dateOption, scrapeEnv } from '../shared/scrape-cli.js';
import { cancelOnSignals } from '../shared/signals.js';
import { DEFAULT_JIT_WINDOW_MINUTES } from '../scrapers/seats/select.js';
import { signalExitCode } from '../shared/run/verdict.js';
import { SEAT_MODES, type SeatMode } from '../shared/run/vocabulary.js';
import { pipelineExitCode, stepTable, verdict, type StepName, type StepRecord } from './pipeline/outcome.js';
import type { StepOptions } from './pipeline/steps.js';

export const command = defineCommand({
  name: 'pipeline',
  invoke: 'npm run pipeline --',
  summary: 'the daily job in one process: token → movies → schedules → seats morning (or jit)',
  description: `Runs the day's steps in one process sharing one TIX.id client (TIX_RPS and TIX_CONCURRENCY hold for
the whole job) and one store. A failed step stops the job; a partial one does not. Prints a table of
the steps and appends it to $GITHUB_STEP_SUMMARY when set.`,
  options: {
    date: dateOption('the day every step works on', 'today in Asia/Jakarta, fixed when the job starts'),
    city: cityOption('every city'),
    'seat-mode': {
      type: 'string',
      value: 'morning|jit',
      default: 'morning',
      description: 'the seat step: every show of the day, or the ones about to start',
    },
    'jit-window': {
      type: 'string',
      value: 'MINUTES',
      defaultText: String(DEFAULT_JIT_WINDOW_MINUTES),
      description: 'with --seat-mode jit: read shows starting within this many minutes',
    },
  },
  env: scrapeEnv(LOGIN_ENV),
  exitCodes: {
    0: 'every step succeeded or was partial (or was skipped as already done today)',
    1: 'a step failed (the table says which)',
    ...USAGE_EXIT,
    130: 'cancelled by SIGINT (the running step recorded cancelled; a re-run completes the day)',
    143: 'cancelled by SIGTERM (likewise)',
  },
  examples: ['npm run pipeline', 'npm run pipeline -- --city JAKARTA --seat-mode jit --jit-window 30'],
});

/** The steps of the job for a seat mode: the morning job reads every seat, a JIT job only the due ones. */
export function pipelineSteps(seatMode: SeatMode): StepName[] {
  if (seatMode === 'final')
    throw new ArgsError(
      '--seat-mode final belongs to the JIT workflow (npm run scrape:seats -- --mode final), not the daily job',
    );
  return ['token', 'movies', 'schedules', seatMode === 'jit' ? 'seats-jit' : 'seats-morning'];
}

export interface PipelineCliOptions {
  steps: StepName[];
  step: StepOptions;
}

export function pipelineOptions({ values, given }: Parsed<typeof command.options>): PipelineCliOptions {
  const seatMode = values['seat-mode'] as SeatMode;
  if (!SEAT_MODES.includes(seatMode))
    throw new ArgsError(`--seat-mode must be morning or jit (got ${JSON.stringify(seatMode)})`);
  const steps = pipelineSteps(seatMode);
  const step: StepOptions = {
    date: argDate(values.date),
    cities: argCities(values.city),
    jitWindowMinutes: argInt(values['jit-window'], '--jit-window', { min: 1, max: 24 * 60 }),
  };
  if (given.has('jit-window') && seatMode !== 'jit')
    throw new ArgsError('--jit-window applies to --seat-mode jit only');
  return { steps, step };
}

/** Markdown for $GITHUB_STEP_SUMMARY. */
export function pipelineMarkdown(records: readonly StepRecord[]): string {
  return `### Daily pipeline\n\n${verdict(records)}\n\n\`\`\`\n${stepTable(records)}\n\`\`\`\n`;
}

export async function runPipeline(
  rt: Runtime,
  o: PipelineCliOptions,
  out: (s: string) => void = (s) => process.stdout.write(s),
): Promise<number> {
  const { openSession, runSteps } = await import('./pipeline/steps.js');
  const deps = { config: rt.config, store: rt.store, clock: rt.clock, log: rt.log };
  rt.log.info(
    {
      steps: o.steps,
      date: o.step.date,
      cities: o.step.cities?.map((c) => c.name),
      rps: rt.config.tix.rps,
      concurrency: rt.config.tix.concurrency,
    },
    `pipeline: ${o.steps.join(' → ')}`,
  );
  // SIGINT/SIGTERM (GitHub cancelling the job): the running step stops and records itself cancelled, no later step runs, exit 130/143.
  const stop = cancelOnSignals({
    onSignal: (s) => rt.log.warn({ signal: s }, `pipeline: ${s} received: stopping the running step`),
  });
  const session = await openSession(deps);
  let records: StepRecord[];
  try {
    records = await runSteps(o.steps, deps, session, { ...o.step, signal: stop.signal, skipDone: true });
  } finally {
    session.close();
    stop.dispose();
  }
  out(`\n${stepTable(records)}\n\n${verdict(records)}\n`);
  if (rt.config.githubStepSummary) {
    await appendFile(rt.config.githubStepSummary, pipelineMarkdown(records)).catch((err: unknown) =>
      rt.log.warn({ err }, 'could not append to GITHUB_STEP_SUMMARY'),
    );
  }
  const signal = stop.received();
  return signal ? signalExitCode(signal) : pipelineExitCode(records);
}

/** Parse `argv` and run (for callers holding a runtime, e.g. tests). */
export async function pipelineMain(rt: Runtime, argv: string[], out?: (s: string) => void): Promise<number> {
  return runPipeline(rt, pipelineOptions(parseCommand(command, argv)), out);
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, PipelineCliOptions>({
    def: command,
    options: pipelineOptions,
    run: (rt, o) => runPipeline(rt, o),
    // The pipeline's movies step reads TIX.id's list of today: another --date would store it under the wrong day.
    check: (o, now) => checkMoviesDate({ date: o.step.date, mergeShards: false }, now),
    starting: (o) => `pipeline: starting ${o.steps.join(' → ')}${o.step.date ? ` for ${o.step.date}` : ''}`,
  });
}
