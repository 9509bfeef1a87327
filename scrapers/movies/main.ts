/**
 * `npm run scrape:movies -- [--city NAME]… [--date YYYY-MM-DD] [--force] [--max-failed-share X]
 *                           [--shard K/N | --merge-shards]`
 *
 * Every movie of every city TIX.id lists (guest token, no login) → `snapshots/{date}/cities/*`,
 * `snapshots/{date}` and, when the day is good, `snapshots/latest`, plus a `scraper_runs` document.
 * Exit 0 on success or partial (the run says why `latest` was held back), 1 when nothing was
 * published, 2 on a usage or configuration error.
 */
import { ArgsError, argCities, argDate, parseArgs, parseShard } from '../../shared/args.js';
import { isMain, runCli, type Runtime } from '../../shared/runtime.js';
import { createTixClient } from '../../shared/tix/client.js';
import { DEFAULT_MAX_FAILED_SHARE, scrapeMovies } from './scrape.js';

export const USAGE =
  'usage: scrape:movies [--city NAME]… [--date YYYY-MM-DD] [--force] [--max-failed-share 0..1] [--shard K/N | --merge-shards]';

/** A share between 0 and 1 (`0.1`, or `10%`). */
export function argShare(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new ArgsError(`${flag} must be a share from 0 to 1, e.g. 0.1 or 10% (got ${JSON.stringify(value)})`);
  return n;
}

export async function moviesMain(rt: Runtime, argv: string[]): Promise<number> {
  const { values } = parseArgs(argv, {
    city: { type: 'string', multiple: true },
    date: { type: 'string' },
    force: { type: 'boolean' },
    'max-failed-share': { type: 'string' },
    shard: { type: 'string' },
    'merge-shards': { type: 'boolean' },
    help: { type: 'boolean' },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const cities = argCities(values.city);
  const date = argDate(values.date);
  const shard = values.shard ? parseShard(values.shard) : undefined;
  const mergeShards = values['merge-shards'] ?? false;
  if (mergeShards && (shard || cities)) throw new ArgsError('--merge-shards reads no cities: use it without --shard and --city');
  if (shard && shard.n > 1 && cities) throw new ArgsError('--shard and --city do not go together');
  const maxFailedShare = argShare(values['max-failed-share'], '--max-failed-share', DEFAULT_MAX_FAILED_SHARE);

  const { config, store, clock, log } = rt;
  const client = createTixClient({ config, log, clock });
  try {
    const result = await scrapeMovies(
      { client, store, clock, log, stepSummaryPath: config.githubStepSummary },
      { date, cities, force: values.force ?? false, maxFailedShare, shard, mergeShards },
    );
    return result.summary.exitCode;
  } finally {
    client.close();
  }
}

if (isMain(import.meta.url)) void runCli('scrape:movies', moviesMain);
