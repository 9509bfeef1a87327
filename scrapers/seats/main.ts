/**
 * `npm run scrape:seats -- --mode morning|jit|final [--window-minutes N] [--city NAME]… [--date D] [--shard K/N]`
 *
 * Reads the day's showtimes documents (written by the schedules scraper), picks the showtimes of
 * the mode in each theatre's own time zone, reads their seat maps with the token manager's
 * logged-in token, and writes `seat_snapshots/*` (skipping unchanged ones) and a `scraper_runs`
 * document. Exit 0 on success or partial, 1 when nothing could be read, 2 on a usage error.
 */
import { ArgsError, argCities, argDate, argInt, parseArgs, parseShard } from '../../shared/args.js';
import { isMain, runCli, type Runtime } from '../../shared/runtime.js';
import { openTixSession } from '../../shared/token/session.js';
import { runSeatPass } from './scrape.js';
import { DEFAULT_JIT_WINDOW_MINUTES, SEAT_MODES, type SeatMode } from './select.js';

export const USAGE =
  'usage: scrape:seats --mode morning|jit|final [--window-minutes N] [--city NAME]… [--date YYYY-MM-DD] [--shard K/N]';

export async function seatsMain(rt: Runtime, argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, {
    mode: { type: 'string' },
    'window-minutes': { type: 'string' },
    city: { type: 'string', multiple: true },
    date: { type: 'string' },
    shard: { type: 'string' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const mode = values.mode as SeatMode | undefined;
  if (!mode || !SEAT_MODES.includes(mode)) throw new ArgsError(`--mode must be one of ${SEAT_MODES.join(', ')} (${USAGE})`);
  const windowMinutes = argInt(values['window-minutes'], '--window-minutes', { min: 1, max: 24 * 60, fallback: DEFAULT_JIT_WINDOW_MINUTES });
  if (values['window-minutes'] !== undefined && mode !== 'jit') throw new ArgsError('--window-minutes applies to --mode jit only');
  const cities = argCities(values.city)?.map((c) => c.name);
  const date = argDate(values.date);
  const shard = values.shard ? parseShard(values.shard) : undefined;

  const { config, store, clock, log } = rt;
  const { client } = await openTixSession({ config, store, clock, log });
  try {
    const result = await runSeatPass(
      { store, client, clock, log, stepSummaryPath: config.githubStepSummary },
      { mode, date, windowMinutes, cities, shard },
    );
    return result.run.exitCode;
  } finally {
    client.close();
  }
}

if (isMain(import.meta.url)) void runCli('scrape:seats', seatsMain);
