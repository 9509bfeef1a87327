/**
 * `npm run scrape:movies -- [--city NAME]… [--date YYYY-MM-DD] [--force] [--max-failed-share X]
 *                           [--shard K/N | --merge-shards]`
 *
 * Every movie of every city TIX.id lists (guest token, no login) → `snapshots/{date}/cities/*`,
 * `snapshots/{date}` and, when the day is good, `snapshots/latest`, plus a `scraper_runs` document.
 * The options are defined once in `command` below (help, parser and README table come from it);
 * the TIX.id client and the scraper are imported only once the arguments and configuration are good.
 */
import { ArgsError, argDate, type Shard } from '../../shared/args.js';
import { jakartaDate } from '../../shared/clock.js';
import { defineCommand, isMain, startCommand, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { Runtime } from '../../shared/runtime.js';
import { argScope, cityOption, dateOption, scrapeEnv, shardOptions, startingLine } from '../../shared/scrape-cli.js';
import type { City } from '../../shared/tix/cities.js';
import { withTixClient } from '../../shared/tix/with-client.js';

export const command = defineCommand({
  name: 'scrape:movies',
  invoke: 'npm run scrape:movies --',
  summary: 'movies of every city → snapshots/{date}, snapshots/latest',
  description: `Reads every city's movie list from TIX.id (guest token, no login) and stores the day's snapshot.
TIX.id lists only what plays today, so --date must be today (Asia/Jakarta) unless --merge-shards
publishes city lists already stored for that date (a merge that runs after midnight).`,
  options: {
    city: cityOption('every city TIX.id lists'),
    date: dateOption('the day to store the lists under (today; any day with --merge-shards)'),
    force: {
      type: 'boolean',
      description:
        'publish snapshots/latest even when more cities than --max-failed-share have no movie list (with --city: the cities not read) ' +
        "or the day has fewer than half the movies of the current latest; never an empty day, nor over a later day. The run's exit code is unchanged",
    },
    'max-failed-share': {
      type: 'string',
      value: 'X',
      default: '0.1',
      description: 'share of failed cities (0..1 or 10%) above which latest is held back',
    },
    ...shardOptions('cities', 'publish the day from the city lists the shards stored (no scraping)'),
  },
  env: scrapeEnv(),
  exitCodes: {
    0: 'success, or partial (the run says why latest was held back); with --city: the cities asked for were read',
    1: 'failed: nothing was published, or more cities failed than --max-failed-share allows',
    ...USAGE_EXIT,
  },
  examples: ['npm run scrape:movies', 'npm run scrape:movies -- --city JAKARTA --city BANDUNG'],
});

export interface MoviesCliOptions {
  cities: City[] | undefined;
  date: string | undefined;
  force: boolean;
  maxFailedShare: number;
  shard: Shard | undefined;
  mergeShards: boolean;
}

/** A share between 0 and 1 (`0.1`, or `10%`). */
export function argShare(value: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(value);
  const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 1)
    throw new ArgsError(`${flag} must be a share from 0 to 1, e.g. 0.1 or 10% (got ${JSON.stringify(value)})`);
  return n;
}

export function moviesOptions({ values }: Parsed<typeof command.options>): MoviesCliOptions {
  const { cities, shard, mergeShards } = argScope(values, 'cities');
  return {
    cities,
    date: argDate(values.date),
    force: values.force ?? false,
    maxFailedShare: argShare(values['max-failed-share'], '--max-failed-share'),
    shard,
    mergeShards,
  };
}

/**
 * TIX.id's movie list is today's: stored under another day it would be a false record of that
 * day. Only a merge (which reads lists already stored under the date) may name another day.
 */
export function checkMoviesDate(o: Pick<MoviesCliOptions, 'date' | 'mergeShards'>, now: Date): void {
  const today = jakartaDate(now);
  if (o.date === undefined || o.date === today || o.mergeShards) return;
  throw new ArgsError(
    `--date ${o.date} is not today (${today} in Asia/Jakarta): TIX.id lists only today's movies, so they would be stored under the wrong day ` +
      '(another day is allowed only with --merge-shards)',
  );
}

export async function runMovies(rt: Runtime, o: MoviesCliOptions): Promise<number> {
  const { scrapeMovies } = await import('./scrape.js');
  const result = await withTixClient(rt, (deps) => scrapeMovies(deps, o));
  return result.summary.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, MoviesCliOptions>({
    def: command,
    options: moviesOptions,
    check: checkMoviesDate,
    run: runMovies,
    starting: (o) => startingLine('scrape:movies', o),
  });
}
