/**
 * What the commands that scrape TIX.id share (scrape:movies, scrape:schedules, scrape:seats,
 * pipeline): the `--city` and `--date` options, the `--shard K/N` / `--merge-shards` pair and its
 * checks, the environment they read and the start-up line (geocode takes its `--city` from here
 * too). Light like shared/cli.ts.
 */
import { ArgsError, argCities, parseShard, type Shard } from './args.js';
import { LOG_ENV, STORE_ENV, TIX_ENV } from './cli.js';
import type { City } from './tix/cities.js';

/** `--city NAME`…; `defaultText`: what the command reads without it. */
export function cityOption(defaultText: string) {
  return {
    type: 'string',
    multiple: true,
    value: 'NAME',
    defaultText,
    description: 'only this city (e.g. JAKARTA)',
  } as const;
}

/** `--date YYYY-MM-DD`, today in Asia/Jakarta unless given. */
export function dateOption(description: string, defaultText = 'today in Asia/Jakarta') {
  return { type: 'string', value: 'YYYY-MM-DD', defaultText, description } as const;
}

/** `--shard K/N` (a slice of `what`) and `--merge-shards` (`merge`: what it publishes from). */
export function shardOptions(what: string, merge: string) {
  return {
    shard: {
      type: 'string',
      value: 'K/N',
      description: `scrape only the K-th of N slices of the ${what} (publish later with --merge-shards)`,
    },
    'merge-shards': { type: 'boolean', description: merge },
  } as const;
}

/** The environment a scraping command reads; `login`: the browser login's between TIX.id's and the store's. */
export function scrapeEnv(login: readonly string[] = []): string[] {
  return [...TIX_ENV, ...login, ...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'];
}

export interface ShardScope {
  cities: City[] | undefined;
  shard: Shard | undefined;
  mergeShards: boolean;
}

/**
 * `--city`, `--shard` and `--merge-shards` → what the run reads. A merge reads nothing (`what`:
 * the things it would read, for the error), and a slice of N > 1 goes without `--city`.
 */
export function argScope(
  values: { city?: string[] | undefined; shard?: string | undefined; 'merge-shards'?: boolean | undefined },
  what: string,
): ShardScope {
  const cities = argCities(values.city);
  const shard = values.shard ? parseShard(values.shard) : undefined;
  const mergeShards = values['merge-shards'] ?? false;
  if (mergeShards && (shard || cities))
    throw new ArgsError(`--merge-shards reads no ${what}: use it without --shard and --city`);
  if (shard && shard.n > 1 && cities) throw new ArgsError('--shard and --city do not go together');
  return { cities, shard, mergeShards };
}

/** `name: starting[ for DATE][ (CITY, CITY)]`, logged before the heavy imports. */
export function startingLine(
  name: string,
  o: { date: string | undefined; cities: readonly City[] | undefined },
): string {
  return `${name}: starting${o.date ? ` for ${o.date}` : ''}${o.cities ? ` (${o.cities.map((c) => c.name).join(', ')})` : ''}`;
}
