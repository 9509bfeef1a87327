/**
 * `npm run scrape:schedules -- [--city NAME]… [--date YYYY-MM-DD] [--shard K/N | --merge-shards]`
 *
 * Every showtime of every movie×city pair in `snapshots/{date}` (run `scrape:movies` first) →
 * `schedules/{date}/showtimes/*`, `schedules/{date}/movies/*`, `theatres/*`, theatre counts in the
 * snapshots, and a `scraper_runs` document. The options are defined once in `command`; the client
 * and the scraper are imported only once the arguments and configuration are good.
 */
import { ArgsError, argCities, argDate, parseShard, type Shard } from '../../shared/args.js';
import {
  defineCommand,
  isMain,
  LOG_ENV,
  startCommand,
  STORE_ENV,
  TIX_ENV,
  USAGE_EXIT,
  type Parsed,
} from '../../shared/cli.js';
import type { Runtime } from '../../shared/runtime.js';
import type { City } from '../../shared/tix/cities.js';

export const command = defineCommand({
  name: 'scrape:schedules',
  invoke: 'npm run scrape:schedules --',
  summary: 'showtimes → schedules/{date}/movies/*, schedules/{date}/showtimes/*, theatres/*, theatre counts',
  description: 'Reads the showtimes of every movie×city pair in snapshots/{date} (run scrape:movies first).',
  options: {
    city: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      defaultText: 'every city of the snapshot',
      description: 'only this city (e.g. JAKARTA)',
    },
    date: {
      type: 'string',
      value: 'YYYY-MM-DD',
      defaultText: 'today in Asia/Jakarta',
      description: 'the day whose snapshot to read',
    },
    shard: {
      type: 'string',
      value: 'K/N',
      description: 'scrape only the K-th of N slices of the pairs (publish later with --merge-shards)',
    },
    'merge-shards': { type: 'boolean', description: 'publish the day from what the shards stored (no scraping)' },
  },
  env: [...TIX_ENV, ...STORE_ENV, 'CINERADAR_NOW', ...LOG_ENV, 'GITHUB_STEP_SUMMARY'],
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
  const cities = argCities(values.city);
  const shard = values.shard ? parseShard(values.shard) : undefined;
  const mergeShards = values['merge-shards'] ?? false;
  if (mergeShards && (shard || cities))
    throw new ArgsError('--merge-shards reads no pairs: use it without --shard and --city');
  if (shard && shard.n > 1 && cities) throw new ArgsError('--shard and --city do not go together');
  return { cities, date: argDate(values.date), shard, mergeShards };
}

export async function runSchedules(rt: Runtime, o: SchedulesCliOptions): Promise<number> {
  const { config, store, clock, log } = rt;
  const [{ createTixClient }, { scrapeSchedules }] = await Promise.all([
    import('../../shared/tix/client.js'),
    import('./scrape.js'),
  ]);
  const client = createTixClient({ config, log, clock });
  try {
    const result = await scrapeSchedules({ client, store, clock, log, stepSummaryPath: config.githubStepSummary }, o);
    return result.summary.exitCode;
  } finally {
    client.close();
  }
}

if (isMain(import.meta.url)) {
  void startCommand<typeof command.options, SchedulesCliOptions>({
    def: command,
    options: schedulesOptions,
    run: runSchedules,
    starting: (o) =>
      `scrape:schedules: starting${o.date ? ` for ${o.date}` : ''}${o.cities ? ` (${o.cities.map((c) => c.name).join(', ')})` : ''}`,
  });
}
