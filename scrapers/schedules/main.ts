/**
 * `npm run scrape:schedules -- [--city NAME]… [--date YYYY-MM-DD] [--shard K/N | --merge-shards]`
 *
 * Every showtime of every movie×city pair in `snapshots/{date}` (run `scrape:movies` first) →
 * `schedules/{date}/showtimes/*`, `schedules/{date}/movies/*`, `theatres/*`, theatre counts in the
 * snapshots, and a `scraper_runs` document. The options are defined once in `command`; the client
 * and the scraper are imported only once the arguments and configuration are good.
 */
import { argDate, type Shard } from '../../shared/args.js';
import { defineCommand, isMain, startCommand, USAGE_EXIT, type Parsed } from '../../shared/cli.js';
import type { Runtime } from '../../shared/runtime.js';
import { argScope, cityOption, dateOption, scrapeEnv, shardOptions, startingLine } from '../../shared/scrape-cli.js';
import type { City } from '../../shared/tix/cities.js';
import { withTixClient } from '../../shared/tix/with-client.js';

export const command = defineCommand({
  name: 'scrape:schedules',
  invoke: 'npm run scrape:schedules --',
  summary: 'showtimes → schedules/{date}/movies/*, schedules/{date}/showtimes/*, theatres/*, theatre counts',
  description: 'Reads the showtimes of every movie×city pair in snapshots/{date} (run scrape:movies first).',
  options: {
    city: cityOption('every city of the snapshot'),
    date: dateOption('the day whose snapshot to read'),
    ...shardOptions('pairs', 'publish the day from what the shards stored (no scraping)'),
  },
  env: scrapeEnv(),
  exitCodes: {
    0: 'success, or partial (some pairs failed; the run lists them)',
    1: 'nothing was written',
    ...USAGE_EXIT,
  },
  examples: ['npm run scrape:schedules', 'npm run scrape:schedules -- --city JAKARTA --date 2026-01-19'],
});

export interface SchedulesCliOptions {
  cities: City[] | undefined;
  date: string | undefined;
  shard: Shard | undefined;
  mergeShards: boolean;
}

export function schedulesOptions({ values }: Parsed<typeof command.options>): SchedulesCliOptions {
  const { cities, shard, mergeShards } = argScope(values, 'pairs');
  return { cities, date: argDate(values.date), shard, mergeShards };
}

export async function runSchedules(rt: Runtime, o: SchedulesCliOptions): Promise<number> {
  const { scrapeSchedules } = await import('./scrape.js');
  const result = await withTixClient(rt, (deps) => scrapeSchedules(deps, o));
  return result.summary.exitCode;
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, SchedulesCliOptions>({
    def: command,
    options: schedulesOptions,
    run: runSchedules,
    starting: (o) => startingLine('scrape:schedules', o),
  });
}
