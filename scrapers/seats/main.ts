/**
 * `npm run scrape:seats -- --mode morning|jit|final [--window-minutes N] [--city NAME]… [--date D] [--shard K/N]`
 *
 * Reads the day's showtimes documents (written by the schedules scraper), picks the showtimes of
 * the mode in each theatre's own time zone, reads their seat maps with the token manager's
 * logged-in token, and stores the readings: morning ones in the day's slot documents
 * (`seat_days/{date}/slots/*`), JIT/final ones as `seat_snapshots/*` too; and a run record. The options are defined once in `command`; the session (client, token manager, and
 * Playwright only if a login is needed) is imported only once the arguments and configuration are good.
 */
import { ArgsError, argCities, argDate, argInt, parseShard, type Shard } from '../../shared/args.js';
import { defineCommand, isMain, LOGIN_ENV, startCommand, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { Runtime } from '../../shared/runtime.js';
import { cityOption, dateOption, scrapeEnv } from '../../shared/scrape-cli.js';
import { cancelOnSignals } from '../../shared/signals.js';
import { SEAT_MODES, type SeatMode } from '../../shared/run/vocabulary.js';
import { DEFAULT_JIT_WINDOW_MINUTES } from './select.js';

export const command = defineCommand({
  name: 'scrape:seats',
  invoke: 'npm run scrape:seats --',
  summary:
    'seat maps → seat_days/{date}/slots/* and seat_snapshots/* (morning: every show of the day; jit: shows about to start; final: within 5 minutes of the start)',
  description: `Reads the day's showtimes (written by scrape:schedules), picks the shows of the mode in each
theatre's own time zone and reads their seat maps with the stored logged-in token (refreshed, or a
browser login when TIX_PHONE_NUMBER/TIX_PASSWORD are set).`,
  options: {
    mode: { type: 'string', required: true, value: 'morning|jit|final', description: 'which shows to read' },
    'window-minutes': {
      type: 'string',
      value: 'N',
      default: String(DEFAULT_JIT_WINDOW_MINUTES),
      description: 'jit only: read shows starting within N minutes',
    },
    city: cityOption('every city'),
    date: dateOption('the day whose showtimes to read'),
    shard: { type: 'string', value: 'K/N', description: 'read only the K-th of N slices of the shows' },
  },
  env: scrapeEnv(LOGIN_ENV),
  exitCodes: {
    0: 'success, or partial (some shows failed)',
    1: 'nothing could be read (no token, every read failed)',
    ...USAGE_EXIT,
    130: 'cancelled by SIGINT (what was read is stored)',
    143: 'cancelled by SIGTERM (what was read is stored)',
  },
  examples: ['npm run scrape:seats -- --mode morning', 'npm run scrape:seats -- --mode jit --window-minutes 30'],
});

export interface SeatsCliOptions {
  mode: SeatMode;
  windowMinutes: number;
  cities: string[] | undefined;
  date: string | undefined;
  shard: Shard | undefined;
}

export function seatsOptions({ values, given }: Parsed<typeof command.options>): SeatsCliOptions {
  const mode = values.mode as SeatMode;
  if (!SEAT_MODES.includes(mode))
    throw new ArgsError(`--mode must be one of ${SEAT_MODES.join(', ')} (got ${JSON.stringify(mode)})`);
  const windowMinutes = argInt(values['window-minutes'], '--window-minutes', { min: 1, max: 24 * 60 })!;
  if (given.has('window-minutes') && mode !== 'jit') throw new ArgsError('--window-minutes applies to --mode jit only');
  return {
    mode,
    windowMinutes,
    cities: argCities(values.city)?.map((c) => c.name),
    date: argDate(values.date),
    shard: values.shard ? parseShard(values.shard) : undefined,
  };
}

export async function runSeats(rt: Runtime, o: SeatsCliOptions): Promise<number> {
  const { config, store, clock, log } = rt;
  // SIGINT/SIGTERM: stop taking shows, store what was read, record the run as cancelled, exit 130/143.
  const stop = cancelOnSignals({
    onSignal: (s) =>
      log.warn({ signal: s }, `scrape:seats: ${s} received: finishing the readings in flight, then stopping`),
  });
  try {
    const [{ openTixSession }, { runSeatPass }] = await Promise.all([
      import('../../shared/token/session.js'),
      import('./scrape.js'),
    ]);
    const { client } = await openTixSession({ config, store, clock, log });
    try {
      const result = await runSeatPass(
        { store, client, clock, log, stepSummaryPath: config.githubStepSummary },
        { ...o, signal: stop.signal },
      );
      return result.run.exitCode;
    } finally {
      client.close();
    }
  } finally {
    stop.dispose();
  }
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, SeatsCliOptions>({
    def: command,
    options: seatsOptions,
    run: runSeats,
    starting: (o) => `scrape:seats: starting, mode ${o.mode}${o.date ? ` for ${o.date}` : ''}`,
  });
}
